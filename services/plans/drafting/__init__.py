"""``draft-plan``: a plan YAML and a review report from a Vietnamese plan document (rule-based, no network)."""
