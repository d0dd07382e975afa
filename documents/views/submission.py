"""A new document's form, bound to a request, keeping its files across an error.

The library's form and a project's share it (documents.views.documents.propose,
documents.views.projects.project_add). When the form comes back with an error, the files the
member chose are checked (documents.safety, the quota) and, if they pass, held for an hour
(documents.holding): the page says "Fichier déjà reçu : nom.pdf (remplacer)" and the next submit
uses them unless the member chooses other files. A refused file is not held: its error shows.
"""

from django.core.exceptions import ValidationError

from documents import holding, services
from documents.forms import DocumentCreateForm

FIELD = "files"
HELD = "held"  # the hidden field carrying the token


class DocumentSubmission:
    """``form`` is the bound form, with the held files in place of ``files`` when the member
    chose none; ``form.held`` (``holding.Held`` or None) is what the page shows as received."""

    def __init__(self, request, *, in_project: bool = False) -> None:
        self.request = request
        self.token = ""
        self.gone = ""
        if request.method != "POST":
            self.form = DocumentCreateForm(in_project=in_project)
            self.form.held = None
            return
        files = request.FILES.copy()
        token = request.POST.get(HELD, "")
        self.new_files = [item for item in request.FILES.getlist(FIELD) if item]
        if token and self.new_files:
            holding.release(request, token)  # the member replaced them
        elif token:
            try:
                files.setlist(FIELD, holding.take(request, token))
                self.token = token
            except holding.HeldFilesGone as gone:
                self.gone = gone.message
        self.form = DocumentCreateForm(request.POST, files, in_project=in_project)
        self.form.held = None

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        if self.gone:
            self.form.add_error(FIELD, self.gone)
            return False
        return valid

    def done(self) -> None:
        """The document is made: the held files (now stored with it) are let go."""
        if self.token:
            holding.release(self.request, self.token)

    def failed(self) -> None:
        """The form is shown again: hold what was received, unless its files were refused."""
        if self.request.method != "POST" or FIELD in self.form.errors:
            if self.token:
                holding.release(self.request, self.token)
            return
        if self.token:
            self.form.held = holding.Held(token=self.token,
                                          names=holding.names(self.request, self.token))
            return
        if not self.new_files:
            return
        try:
            services.check_files(self.request.user, self.new_files)
        except ValidationError as error:
            self.form.add_error(FIELD, error.error_list)
            return
        self.form.held = holding.hold(self.request, self.new_files)
