"""Render: charts, exports and documents drawn from figures."""
