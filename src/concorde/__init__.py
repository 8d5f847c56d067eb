"""Concorde: the life of cooperation agreements between French local governments."""
