"""From files to indexed, citable chunks."""
