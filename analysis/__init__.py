"""Pure analysis over plain data: search ranking, gaps, identity, network analytics. No I/O."""
