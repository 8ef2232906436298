"""Pure parsing of the official registers (RNA, SIRENE): files in, typed records out."""
