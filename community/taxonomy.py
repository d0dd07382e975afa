"""The network's reference taxonomies, copied from its own documents.

Slugs are stable identifiers stored in the database and used in URLs; labels are translatable.
Regions keep their proper names in every language.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Region(models.TextChoices):
    AUVERGNE_RHONE_ALPES = "auvergne-rhone-alpes", "Auvergne-Rhône-Alpes"
    BOURGOGNE_FRANCHE_COMTE = "bourgogne-franche-comte", "Bourgogne-Franche-Comté"
    BRETAGNE = "bretagne", "Bretagne"
    CENTRE_VAL_DE_LOIRE = "centre-val-de-loire", "Centre-Val de Loire"
    CORSE = "corse", "Corse"
    GRAND_EST = "grand-est", "Grand Est"
    HAUTS_DE_FRANCE = "hauts-de-france", "Hauts-de-France"
    ILE_DE_FRANCE = "ile-de-france", "Île-de-France"
    NORMANDIE = "normandie", "Normandie"
    NOUVELLE_AQUITAINE = "nouvelle-aquitaine", "Nouvelle-Aquitaine"
    OCCITANIE = "occitanie", "Occitanie"
    PAYS_DE_LA_LOIRE = "pays-de-la-loire", "Pays de la Loire"
    PROVENCE_ALPES_COTE_D_AZUR = "provence-alpes-cote-d-azur", "Provence-Alpes-Côte d'Azur"
    GUADELOUPE = "guadeloupe", "Guadeloupe"
    MARTINIQUE = "martinique", "Martinique"
    GUYANE = "guyane", "Guyane"
    LA_REUNION = "la-reunion", "La Réunion"
    MAYOTTE = "mayotte", "Mayotte"


REGION_INSEE_CODES = {
    "auvergne-rhone-alpes": "84", "bourgogne-franche-comte": "27", "bretagne": "53",
    "centre-val-de-loire": "24", "corse": "94", "grand-est": "44", "hauts-de-france": "32",
    "ile-de-france": "11", "normandie": "28", "nouvelle-aquitaine": "75", "occitanie": "76",
    "pays-de-la-loire": "52", "provence-alpes-cote-d-azur": "93", "guadeloupe": "01",
    "martinique": "02", "guyane": "03", "la-reunion": "04", "mayotte": "06",
}
OVERSEAS_REGIONS = {"guadeloupe", "martinique", "guyane", "la-reunion", "mayotte"}

# Each département (INSEE code, as in Profile.departement) and its region (since 2016).
DEPARTEMENT_REGIONS = {
    "01": "auvergne-rhone-alpes", "03": "auvergne-rhone-alpes", "07": "auvergne-rhone-alpes",
    "15": "auvergne-rhone-alpes", "26": "auvergne-rhone-alpes", "38": "auvergne-rhone-alpes",
    "42": "auvergne-rhone-alpes", "43": "auvergne-rhone-alpes", "63": "auvergne-rhone-alpes",
    "69": "auvergne-rhone-alpes", "73": "auvergne-rhone-alpes", "74": "auvergne-rhone-alpes",
    "21": "bourgogne-franche-comte", "25": "bourgogne-franche-comte",
    "39": "bourgogne-franche-comte", "58": "bourgogne-franche-comte",
    "70": "bourgogne-franche-comte", "71": "bourgogne-franche-comte",
    "89": "bourgogne-franche-comte", "90": "bourgogne-franche-comte",
    "22": "bretagne", "29": "bretagne", "35": "bretagne", "56": "bretagne",
    "18": "centre-val-de-loire", "28": "centre-val-de-loire", "36": "centre-val-de-loire",
    "37": "centre-val-de-loire", "41": "centre-val-de-loire", "45": "centre-val-de-loire",
    "2A": "corse", "2B": "corse",
    "08": "grand-est", "10": "grand-est", "51": "grand-est", "52": "grand-est", "54": "grand-est",
    "55": "grand-est", "57": "grand-est", "67": "grand-est", "68": "grand-est", "88": "grand-est",
    "02": "hauts-de-france", "59": "hauts-de-france", "60": "hauts-de-france",
    "62": "hauts-de-france", "80": "hauts-de-france",
    "75": "ile-de-france", "77": "ile-de-france", "78": "ile-de-france", "91": "ile-de-france",
    "92": "ile-de-france", "93": "ile-de-france", "94": "ile-de-france", "95": "ile-de-france",
    "14": "normandie", "27": "normandie", "50": "normandie", "61": "normandie", "76": "normandie",
    "16": "nouvelle-aquitaine", "17": "nouvelle-aquitaine", "19": "nouvelle-aquitaine",
    "23": "nouvelle-aquitaine", "24": "nouvelle-aquitaine", "33": "nouvelle-aquitaine",
    "40": "nouvelle-aquitaine", "47": "nouvelle-aquitaine", "64": "nouvelle-aquitaine",
    "79": "nouvelle-aquitaine", "86": "nouvelle-aquitaine", "87": "nouvelle-aquitaine",
    "09": "occitanie", "11": "occitanie", "12": "occitanie", "30": "occitanie", "31": "occitanie",
    "32": "occitanie", "34": "occitanie", "46": "occitanie", "48": "occitanie", "65": "occitanie",
    "66": "occitanie", "81": "occitanie", "82": "occitanie",
    "44": "pays-de-la-loire", "49": "pays-de-la-loire", "53": "pays-de-la-loire",
    "72": "pays-de-la-loire", "85": "pays-de-la-loire",
    "04": "provence-alpes-cote-d-azur", "05": "provence-alpes-cote-d-azur",
    "06": "provence-alpes-cote-d-azur", "13": "provence-alpes-cote-d-azur",
    "83": "provence-alpes-cote-d-azur", "84": "provence-alpes-cote-d-azur",
    "971": "guadeloupe", "972": "martinique", "973": "guyane", "974": "la-reunion",
    "976": "mayotte",
}


class Perimeter(models.TextChoices):
    LOCAL = "local", _("Local actor")
    REGIONAL = "regional", _("Regional actor")
    NATIONAL = "national", _("National network")


class ActorKind(models.TextChoices):
    COLLECTIVITE = "collectivite", _("Public actor / local authority")
    ASSOCIATION = "association", _("Association")
    ENTREPRISE = "entreprise", _("Company")
    ACADEMIQUE = "academique", _("Institution / academic actor")
    COLLECTIF = "collectif", _("Collective of actors (public, associations, companies, citizens)")


class Metier(models.TextChoices):
    """The four trades of a catalyst."""

    DIALOGUE_TERRITORIAL = "dialogue-territorial", _("Territorial dialogue")
    EXPERIMENTATIONS_COLLECTIVES = "experimentations-collectives", _("Collective experiments")
    ACCOMPAGNEMENT = "accompagnement", pgettext_lazy("trade", "Support")
    GESTION_D_UN_LIEU = "gestion-d-un-lieu", _("Running a place")


METIER_ACTIVITIES = {
    "dialogue-territorial": [
        _("Sharing knowledge of the territory between actors"),
        _("Times for meeting"),
        _("Raising awareness of alliances"),
        _("Putting people in touch"),
    ],
    "experimentations-collectives": [
        _("Identifying the territory's needs and shared stakes"),
        _("Mobilising actors to co-build solutions"),
        _("Co-steering experiments"),
        _("Evaluating experiments"),
    ],
    "accompagnement": [
        _("Incubating projects"),
        _("Training"),
        _("Supporting partnerships"),
        _("Spreading, accelerating and transferring know-how to other territories"),
    ],
    "gestion-d-un-lieu": [
        _("A friendly place for exchange (e.g. a solidarity café)"),
        _("Co-working space"),
        _("Showroom"),
        _("FabLab"),
        _("Third place (tiers-lieu)"),
    ],
}


class FragilityDomain(models.TextChoices):
    EMPLOI = "emploi", _("Employment / unemployment")
    DEVELOPPEMENT_ECONOMIQUE = "developpement-economique", _("Economic development")
    POUVOIR_D_ACHAT = "pouvoir-d-achat", _("Standard of living / purchasing power")
    PAUVRETE = "pauvrete", _("Poverty / fighting exclusion")
    LOGEMENT = "logement", _("Poor housing")
    DIVERSITE_HANDICAP = "diversite-handicap", _("Diversity / disability")
    VIEILLISSEMENT = "vieillissement", _("Ageing / between generations")
    LIEN_SOCIAL = "lien-social", _("Isolation / social ties")
    EDUCATION = "education", _("Education")
    SANTE = "sante", _("Health")
    NUMERIQUE = "numerique", _("Digital access")
    SECURITE = "securite", _("Safety / delinquency")
    MOBILITE = "mobilite", _("Mobility / transport")
    CULTURE = "culture", _("Culture / leisure")
    ENVIRONNEMENT = "environnement", _("Environment / pollution / biodiversity")
    TRANSITION_ENERGETIQUE = "transition-energetique", _("Energy transition")


SUGGESTED_SKILLS = [
    "Dialogue territorial", "Mise en relation", "Conception d'expérimentations collectives",
    "Accompagnement du partenariat", "Partenariats associations / entreprises",
    "Modèles socio-économiques hybrides", "RSE & partenariats", "Tiers-lieux",
    "Innovation sociale", "Mécénat de compétences", "Ingénierie territoriale",
    "Évaluation d'impact", "ODD 17", "Animation de réseau",
    "Co-construction de politiques publiques", "Financement de projets",
    "Économie sociale et solidaire", "Développement économique local",
    "Insertion professionnelle", "Médiation numérique", "Open Badges", "Facilitation",
]
