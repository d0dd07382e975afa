"""Documents, settings and helpers of the search contract every backend honours (DESIGN.md §6),
tested in test_backend_contract_*.py.

Runs on the embedded engine always, and on Meilisearch when ``MEILISEARCH_URL`` answers. Each
test gets a fresh index (a temporary directory, or a random Meilisearch index prefix). Backend
writes are synchronous: when ``index()`` returns, the documents are searchable.

Expectations are computed in Python from the same documents wherever possible, so the tests
say what the answer must be, not what one engine happened to return.
"""

import functools
import re
import unicodedata
from collections import Counter

from search.backends.base import IndexSettings, SearchResults

INDEX = "members"
NOT_REACHABLE = (
    "Meilisearch not reachable at MEILISEARCH_URL (unset or down): "
    "contract tests run on the embedded engine only"
)


def symmetric(*groups: list[str]) -> dict[str, list[str]]:
    """Synonym groups in Meilisearch's shape, every term leading to every other."""
    return {term: [other for other in group if other != term] for group in groups for term in group}


FRENCH_STOP_WORDS = ["le", "la", "les", "de", "des", "du", "et", "à", "au", "aux", "un", "une"]
FRENCH_STOP_WORDS += ["l", "d"]  # elisions: "l'économie"
SETTINGS = IndexSettings(
    searchable=[
        "name",
        "organisation",
        "skills",
        "metier_labels",
        "region_label",
        "domains",
        "can_help_with",
        "bio",
    ],
    filterable=["region", "metiers", "actor_kind", "perimeter", "domains", "public_directory"],
    sortable=["name", "joined_on", "actor_kind"],
    highlighted=["name", "skills", "metier_labels"],
    synonyms=symmetric(
        ["tiers-lieu", "tiers lieu", "tiers-lieux", "tiers lieux"],
        ["ess", "économie sociale et solidaire"],
        ["rse", "responsabilité sociétale"],
        ["collectivité", "commune", "mairie", "intercommunalité", "epci"],
    ),
    stop_words=FRENCH_STOP_WORDS,
)


def member(
    id_,
    name,
    organisation,
    skills,
    metiers,
    labels,
    region,
    region_label,
    kind,
    perimeter,
    domains,
    can_help_with,
    bio,
    public,
    joined_on,
):
    return {
        "id": id_,
        "name": name,
        "organisation": organisation,
        "skills": skills,
        "metiers": metiers,
        "metier_labels": labels,
        "region": region,
        "region_label": region_label,
        "actor_kind": kind,
        "perimeter": perimeter,
        "domains": domains,
        "can_help_with": can_help_with,
        "bio": bio,
        "public_directory": public,
        "joined_on": joined_on,
    }


ABERS = 'commune "Les Abers" \\ nord'  # a filter value with quotes and a backslash

# fmt: off
DOCS = [
    member("m1", "Aline Moreau", "Mairie de Saint-Denis",
           ["Accompagnement", "Médiation", "Concertation"],
           ["dialogue-territorial", "mediation"], ["Dialogue territorial", "Médiation"],
           "la-reunion", "La Réunion", "collectivite", "local", ["alimentation", "culture"],
           "Monter un jardin partagé", "Chargée de mission participation citoyenne.",
           True, "2023-02-14"),
    member("m2", "Bastien Le Gall", "Tiers-lieux du Finistère",
           ["Animation de réseau", "Facilitation"], ["animation-reseau"], ["Animation de réseau"],
           "bretagne", "Bretagne", "association", "regional", ["culture", "numerique"],
           "Ouvrir un lieu hybride", "Anime un réseau breton.", True, "2022-09-01"),
    member("m3", "Chloé Rivière", "Coopérative Terres Unies",
           ["Économie sociale et solidaire", "Finance solidaire"], ["ingenierie-projet"],
           ["Ingénierie de projet"], "occitanie", "Occitanie", "entreprise", "regional",
           ["alimentation"], "Structurer un modèle économique", "Accompagne les coopératives.",
           False, "2021-05-20"),
    member("m4", "David Nguyen", "Groupe Horizon", ["RSE", "Stratégie"], ["evaluation"],
           ["Évaluation"], "hauts-de-france", "Hauts-de-France", "entreprise", "national",
           ["energie"], "Mesurer un impact", "Consultant, ancien associé d'Aline Moreau.",
           True, "2024-01-08"),
    member("m5", "Estelle Marchand", "EPCI Cœur de Savoie", ["Concertation", "Accompagnement"],
           ["dialogue-territorial"], ["Dialogue territorial"], "auvergne-rhone-alpes",
           "Auvergne-Rhône-Alpes", "collectivite", "departemental", ["mobilite"],
           "Conduire une concertation", "Ancienne urbaniste.", True, "2023-11-30"),
    member("m6", "Fatou Diallo", "Réseau ESS Occitanie", ["Médiation", "Plaidoyer"],
           ["mediation"], ["Médiation"], "occitanie", "Occitanie", "association", "regional",
           ["culture"], "Mobiliser des bénévoles", "Engagée pour l'emploi local.",
           True, "2020-03-03"),
    member("m7", "Gaspard Petit", "Association La Fabrique",
           ["Gestion de tiers lieu", "Animation de réseau"], ["animation-reseau"],
           ["Animation de réseau"], "bretagne", "Bretagne", "association", "local",
           ["numerique"], "Lancer un fablab", "Anime un tiers lieu rural près de Rennes.",
           False, "2024-06-12"),
    member("m8", "Hélène Blanc", "Cabinet Ancrages", ["Conseil", "Formation"],
           ["evaluation", "ingenierie-projet"], ["Évaluation", "Ingénierie de projet"],
           "la-reunion", "La Réunion", "entreprise", "departemental", ["energie", "mobilite"],
           "Former des équipes",
           "Spécialiste de la responsabilité sociétale des entreprises.", True, "2022-01-17"),
    member("m9", "Ismaël Benali", "Agence d'urbanisme de Lyon", ["Urbanisme", "Cartographie"],
           ["ingenierie-projet"], ["Ingénierie de projet"], "auvergne-rhone-alpes",
           "Auvergne-Rhône-Alpes", "association", "local", ["mobilite"], "Lire un PLU",
           "Au service de la collectivité depuis dix ans.", True, "2021-10-05"),
    member("m10", "Julie Tanguy", "Commune de Plouguerneau",
           ["Participation citoyenne", "Médiation"], ["mediation"], ["Médiation"], "bretagne",
           "Bretagne", "collectivite", ABERS, ["alimentation"], "Animer un conseil de quartier",
           "Élue à l'intercommunalité du pays des Abers.", True, "2025-02-01"),
]
# fmt: on
BY_ID = {d["id"]: d for d in DOCS}
ALL_IDS = set(BY_ID)
N = len(DOCS)
FACETS = ["region", "metiers", "actor_kind", "domains", "public_directory"]


# Helpers ------------------------------------------------------------------------------------


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(document: dict) -> list[str]:
    """Folded words of the searchable attributes."""
    found = []
    for attribute in SETTINGS.searchable:
        value = document.get(attribute)
        for item in value if isinstance(value, list) else [value]:
            found += re.findall(r"[^\W_]+", fold(str(item)))
    return found


def with_prefixes(*prefixes: str) -> set[str]:
    """Ids of documents where every prefix starts some word."""
    return {
        d["id"] for d in DOCS if all(any(w.startswith(fold(p)) for w in words(d)) for p in prefixes)
    }


def matching(filters: dict) -> list[dict]:
    def values(document, key):
        value = document.get(key)
        return value if isinstance(value, list) else [value]

    return [d for d in DOCS if all(set(values(d, k)) & set(v) for k, v in filters.items())]


def facet_counts(documents: list[dict], facets: list[str]) -> dict[str, dict[str, int]]:
    def key(value):
        return ("true" if value else "false") if isinstance(value, bool) else str(value)

    counts = {}
    for facet in facets:
        counter = Counter()
        for document in documents:
            value = document.get(facet)
            for item in set(value if isinstance(value, list) else [value]):
                counter[key(item)] += 1
        counts[facet] = dict(counter)
    return counts


def ids(results: SearchResults) -> set[str]:
    return {hit.id for hit in results.hits}


def everything(engine, query: str = "", **kwargs) -> SearchResults:
    return engine.search(INDEX, query, limit=100, **kwargs)


@functools.cache
def _meilisearch_answers(url: str | None, key: str | None) -> bool:
    if not url:
        return False
    import meilisearch

    try:
        meilisearch.Client(url, key or None, timeout=2).health()
    except Exception:
        return False
    return True
