"""The evaluation corpus: real articles nobody on the project wrote, coded by hand."""
