"""Word lists the style checks read. Written by this project (docs/licences.md)."""
