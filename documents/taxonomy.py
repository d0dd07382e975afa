"""The library's own vocabularies, copied from the network's referential
(../shared/domain/referentiel.json: "portes_documentaires" and "leviers") so that their labels
can be translated and the platform never reads that file at run time."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EntryPoint(models.TextChoices):
    """The seven doors into the library (*portes documentaires*): every document has one."""

    REFERENCE = "reference", _("Reference documents")
    METHODES = "methodes", _("Methods")
    OUTILS = "outils", _("Tools and practical kits")
    TEMOIGNAGES = "temoignages", _("Testimonies and examples")
    AUTODIAGNOSTIC = "autodiagnostic", _("Self-assessments")
    FORMATION = "formation", _("Training, webinars and MOOCs")
    DONNEES = "donnees", _("Territorial data")


ENTRY_POINT_HELP = {
    EntryPoint.REFERENCE: _("Studies, frameworks and founding texts of territorial cooperation."),
    EntryPoint.METHODES: _("Step-by-step approaches to build alliances on a territory."),
    EntryPoint.OUTILS: _("Templates, checklists and kits to use straight away."),
    EntryPoint.TEMOIGNAGES: _("What other catalysts did, told by them."),
    EntryPoint.AUTODIAGNOSTIC: _("Questionnaires to take stock of where you stand."),
    EntryPoint.FORMATION: _("Courses, webinars and MOOCs, recorded or to come."),
    EntryPoint.DONNEES: _("Figures and maps describing the territories."),
}


class Lever(models.TextChoices):
    """The seven levers (*leviers*) of a territorial cooperation: a document serves several."""

    QUALIFIER = "qualifier-son-innovation", _("Qualify your innovation")
    ECOSYSTEME = "comprendre-son-ecosysteme", _("Understand your ecosystem")
    STRATEGIE = "definir-sa-strategie", _("Define your strategy")
    MODELE = "transformer-son-modele", _("Transform your socio-economic model")
    ALLIANCE = "apprendre-a-faire-alliance", _("Learn to form alliances")
    NUMERIQUE = "accelerer-grace-au-numerique", _("Speed up with digital tools")
    EVALUER = "evaluer-sa-pertinence", _("Assess your relevance")


class Language(models.TextChoices):
    FR = "fr", _("French")
    EN = "en", _("English")
    ES = "es", _("Spanish")
    DE = "de", _("German")
    IT = "it", _("Italian")
    OTHER = "other", _("Other language")
