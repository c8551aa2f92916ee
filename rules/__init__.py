"""The knowledge base (data): shipped inside the package and found with importlib.resources."""
