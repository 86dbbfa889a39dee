"""Synthetic data, bulk import and export: the generator, the batched loader, the file formats."""
