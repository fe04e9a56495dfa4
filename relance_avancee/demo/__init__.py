"""Demo data: the generator of demo books (not imported by the addon itself)."""
