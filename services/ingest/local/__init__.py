"""Local sources: an ``.xlsx`` workbook (python-calamine, openpyxl where it must) or a folder of CSV files."""
