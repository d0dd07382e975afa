"""Pages of the agenda, at /agenda/: thin views asking events/permissions.py, calling
events/services and reading through events/selectors.py."""
