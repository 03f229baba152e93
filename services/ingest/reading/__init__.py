"""The reader: raw tabs -> valid records + problems, by the cell rules of docs/reading-contract.md §2."""
