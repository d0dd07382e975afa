"""The member's export (*Mes données*): what each app registers (``registry``), and the ZIP
that the task builds from it (``archive``, ``offline``)."""
