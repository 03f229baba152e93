"""Write: the entry form's append path, the sheet template and the demo workbook generator."""
