"""What several apps use and no app owns; no model."""
