"""The 400 page (``handler400`` in config/urls.py), with a clear word for uploads.

More files than ``DATA_UPLOAD_MAX_NUMBER_FILES`` in one request make Django stop reading it
(``TooManyFilesSent``) before any view or form runs: the first middleware that reads
``request.POST`` (CSRF) raises, and Django answers 400 through this handler. The form cannot be
shown again (its data was not read), so the page says what happened and that nothing was
stored. The same goes for ``TooManyFieldsSent`` and ``RequestDataTooBig``. Fewer files than that
but more than ``DOCUMENTS_MAX_FILES_PER_REQUEST`` reach the form, which re-renders with
``check_uploads``' message.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def bad_request(request, exception=None):
    if isinstance(exception, TooManyFilesSent):
        maximum = settings.DOCUMENTS_MAX_FILES_PER_REQUEST
        message = ngettext(
            "Too many files were sent at once: at most %(max)d file may be sent per form.",
            "Too many files were sent at once: at most %(max)d files may be sent per form.",
            maximum,
        ) % {"max": maximum}
        advice = _("Nothing was stored. Go back to the form and send fewer files.")
    elif isinstance(exception, (TooManyFieldsSent, RequestDataTooBig)):
        message = _("The form sent too much data at once.")
        advice = _("Nothing was stored. Go back to the form and send less at a time.")
    else:
        message = _("The request could not be understood.")
        advice = ""
    return render(request, "documents/request_refused.html",
                  {"message": message, "advice": advice}, status=400)
