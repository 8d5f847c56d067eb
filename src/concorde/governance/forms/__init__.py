"""The governance's forms, one module per page family: bodies and meetings, evaluations, avenants."""
