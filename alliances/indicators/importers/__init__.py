"""Pure parsing of the official files: text lines (or spreadsheet rows) in, typed rows out."""
