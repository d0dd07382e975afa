"""Fixtures shared by the community tests: a small network of members for peer search
(test_peer_search_*.py)."""

import pytest

from search.indexing import rebuild
from tests.community.peer_search import set_profile
from tests.factories import MemberFactory


@pytest.fixture
def network(db, member):
    """A small network: the viewer (Marc Membre, Bretagne) and peers with distinct traits."""
    gwen = MemberFactory(
        first_name="Gwenaëlle", last_name="Le Goff", email="gwen@exemple.fr",
        onboarded__region="bretagne",
        onboarded__metiers=["dialogue-territorial", "accompagnement"],
        onboarded__skills=["Mécénat de compétences", "Facilitation"],
    )
    set_profile(gwen, organisation="PTCE du Pays de Morlaix", actor_kind="collectivite",
                show_email=True, can_help_with="Monter un mécénat de compétences avec des PME.")
    olivier = MemberFactory(
        first_name="Olivier", last_name="Occitan", email="olivier@exemple.fr",
        onboarded__region="occitanie", onboarded__metiers=["gestion-d-un-lieu"],
        onboarded__skills=["Tiers-lieux", "Médiation numérique"],
    )
    set_profile(olivier, organisation="La Fabrique Cévenole", show_email=False,
                contact_note="Par téléphone le matin.")
    nadia = MemberFactory(
        first_name="Nadia", last_name="Nationale", onboarded__metiers=["dialogue-territorial"],
        onboarded__skills=["Évaluation d'impact"],
    )
    set_profile(nadia, organisation="Réseau national des catalyseurs", perimeter="national",
                region="", actor_kind="entreprise")
    rebuild("members")
    return {"viewer": member, "gwen": gwen, "olivier": olivier, "nadia": nadia}
