"""The domain of childindex: nodes, edges, identifiers and their validation. No I/O here."""
