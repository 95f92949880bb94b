"""The deployment recipe: deploy/serve.py and its nginx templates (docs/deploy.md)."""
