"""The governance's pages, one module per page family: bodies and meetings, evaluations, avenants,
calendar feeds."""
