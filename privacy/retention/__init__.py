"""How long each kind of personal data is kept (issue 14, item 3): the written policies
(``policies.py``), the purge each app registers for them (``registry.py``, from the apps'
``data_retention.py``), and the run that applies them (``runner.py``): nightly by the task
``privacy.tasks.apply_retention`` or ``manage.py apply_retention``."""
