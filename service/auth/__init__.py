"""Who is asking: local accounts, passwords, signed tokens (ours or an OIDC issuer's), Principal."""
