"""Wall history for the demo (``manage.py seed_demo``): the network's wall and two themed walls.
Every person and situation is fictional.

Speakers are the keys of demo/chat_seed.py (``moderator``: Claire Fontaine,
``member``: Inès Moreau, ``admin``: Julien Morel, ``p1``... generated members). A wall is
created (themed) or found (the network's), then its posts, oldest first. A post has an
``author``, a Markdown ``text`` where ``@{key}`` mentions that speaker, ``days_ago``,
``comments`` as ``(speaker, text)`` or ``(speaker, text, index of the comment it answers)``,
and ``reactions``: how many members chose each kind. Optional: ``pinned``, ``edited`` (the
text after an edit), ``reported`` (``(reporter, reason)``) and ``hidden`` (the moderator's
reason).
"""

GROUP_WALL = {
    "name": None,  # the network's wall, created by a migration
    "posts": [
        {
            "author": "moderator",
            "days_ago": 20,
            "pinned": True,
            "text": "Bienvenue sur le **mur du réseau** ! 👋\n\n"
                    "C'est l'espace commun à toutes et tous les catalyseurs :\n"
                    "- partagez une nouvelle de votre territoire, une ressource, un événement ;\n"
                    "- posez une question : quelqu'un a sans doute déjà vécu la même situation ;\n"
                    "- réagissez et commentez, c'est ce qui fait vivre le réseau.\n\n"
                    "Pour les sujets pointus, les murs thématiques *Tiers-lieux* et "
                    "*Mobilisation des acteurs* sont ouverts. Et en cas de doute sur la charte, "
                    "écrivez-moi.",
            "reactions": {"approve": 14, "bravo": 6, "thanks": 4},
            "comments": [
                ("p1", "Merci Claire, ravie de découvrir cet espace !"),
                ("p7", "Bonjour depuis La Réunion 🌴 Hâte d'échanger avec vous."),
                ("moderator", "Bienvenue ! N'hésite pas à présenter ton tiers-lieu dans le "
                 "mur thématique.", 1),
            ],
        },
        {
            "author": "p2",
            "days_ago": 17,
            "text": "Retour de la **journée régionale des PTCE** à Lille : près de 80 "
                    "participants, des collectivités, des entreprises et beaucoup "
                    "d'associations.\n\nTrois idées que je retiens :\n"
                    "1. commencer petit, par un projet concret partagé ;\n"
                    "2. un binôme élu / technicien dès le départ ;\n"
                    "3. prendre le temps de nommer ce que chacun y gagne.\n\n"
                    "Les supports sont en ligne : https://exemple.fr/ptce-lille",
            "reactions": {"useful": 9, "thanks": 3},
            "comments": [
                ("p5", "Le point 3 est tellement vrai. On l'a appris à nos dépens à Vitré."),
                ("p2", "Raconte ! Qu'est-ce qui a coincé ?", 0),
                ("p5", "Une entreprise qui s'attendait à des retombées commerciales rapides. "
                 "Elle s'est retirée au bout de six mois, faute d'avoir posé les attentes au "
                 "départ.", 0),
                ("member", "Merci pour ce partage @{p2}, je fais suivre à ma direction."),
            ],
        },
        {
            "author": "member",
            "days_ago": 13,
            "text": "📢 La Région ouvre un **appel à projets « Innovation sociale dans les "
                    "territoires »**, clôture le 15 du mois prochain. Jusqu'à 40 000 € pour "
                    "des projets portés à plusieurs (collectivité + association ou "
                    "entreprise).\n\nQuelqu'un a-t-il déjà répondu à la précédente "
                    "édition ? Je cherche des retours sur le niveau d'exigence du dossier.",
            "edited": "📢 La Région ouvre un **appel à projets « Innovation sociale dans les "
                      "territoires »**, clôture le 15 du mois prochain. Jusqu'à 40 000 € pour "
                      "des projets portés à plusieurs (collectivité + association ou "
                      "entreprise). Le règlement : https://exemple.fr/aap-innovation-sociale\n\n"
                      "Quelqu'un a-t-il déjà répondu à la précédente édition ? Je cherche des "
                      "retours sur le niveau d'exigence du dossier.",
            "reactions": {"useful": 11, "thanks": 2},
            "comments": [
                ("p4", "Nous avions été lauréats. Le dossier est court, mais ils regardent "
                 "de près la **lettre d'engagement** de chaque partenaire."),
                ("member", "Précieux, merci ! Tu aurais un exemple de lettre à partager ?", 0),
                ("p4", "Je te l'envoie en message direct.", 0),
                ("p9", "Attention au calendrier : le comité se réunit en juillet, donc pas de "
                 "démarrage avant la rentrée."),
            ],
        },
        {
            "author": "p6",
            "days_ago": 10,
            "text": "Question pratique : quel outil **simple** utilisez-vous pour cartographier "
                    "les acteurs d'un territoire ? Un tableur devient vite illisible au-delà "
                    "de 50 structures.",
            "reactions": {"approve": 4},
            "comments": [
                ("p3", "Nous utilisons un outil de cartographie libre, avec une fiche par "
                 "acteur et des liens entre eux. La prise en main prend une demi-journée."),
                ("p11", "Un grand mur et des post-it lors d'un atelier avec les acteurs "
                 "eux-mêmes : le support compte moins que le moment partagé 😉"),
                ("p6", "@{p11} tout à fait d'accord, c'est ce qu'on fera pour le lancement.",
                 1),
                ("moderator", "Le sujet revient souvent : je propose un atelier en ligne le "
                 "mois prochain. Qui serait partant ?"),
                ("p12", "Partant !", 3),
            ],
        },
        {
            "author": "p10",
            "days_ago": 8,
            "text": "🔥 Formation certifiante « Devenez facilitateur de territoire » : -30 % "
                    "pour les membres du réseau jusqu'à dimanche ! Inscriptions sur notre "
                    "site.",
            "reactions": {},
            "comments": [],
            "reported": ("member", "Publicité commerciale, hors de l'objet du réseau."),
            "hidden": "Offre commerciale : la charte du réseau exclut la promotion payante.",
        },
        {
            "author": "admin",
            "days_ago": 5,
            "text": "Nouveauté sur la plateforme : les **réactions** sur le mur (👍 💡 🙏 🎉) "
                    "et les réponses aux commentaires. Dites-nous ce qui vous manque encore, "
                    "en commentaire ici.",
            "reactions": {"bravo": 8, "approve": 5},
            "comments": [
                ("p8", "Pouvoir joindre un document à un billet serait très utile."),
                ("admin", "C'est prévu avec la bibliothèque de documents, d'ici quelques "
                 "semaines.", 0),
                ("p1", "Une recherche dans les billets ?"),
            ],
        },
        {
            "author": "p4",
            "days_ago": 2,
            "text": "Ressource : le **guide de la coopération territoriale** publié par "
                    "notre réseau régional, avec 12 fiches pratiques (gouvernance, "
                    "financement, évaluation). https://exemple.fr/guide-cooperation",
            "reactions": {"useful": 7, "thanks": 5},
            "comments": [
                ("p7", "La fiche sur l'évaluation partagée est excellente."),
                ("member", "Merci @{p4} ! Je l'utilise déjà pour préparer notre comité de "
                 "pilotage."),
            ],
        },
    ],
}

THEMED_WALLS = [
    {
        "name": "Tiers-lieux",
        "description": "Modèles économiques, gouvernance, animation : entre porteurs de "
                       "tiers-lieux.",
        "posts": [
            {
                "author": "p5",
                "days_ago": 16,
                "text": "Nous ouvrons un tiers-lieu dans une **ancienne gare** à la rentrée. "
                        "Comment avez-vous fixé vos tarifs de coworking ? Forfait mensuel ou "
                        "carnets de demi-journées ?",
                "reactions": {"approve": 3},
                "comments": [
                    ("p8", "Chez nous : carnet de 10 demi-journées à 60 €, forfait mensuel à "
                     "120 €. Le carnet attire les indépendants qui viennent une ou deux fois "
                     "par semaine."),
                    ("p9", "Et un tarif solidaire à -50 % : 20 % des usagers, mais c'est ce "
                     "qui fait vivre le lieu."),
                    ("p5", "Merci, on part sur les deux formules.", 0),
                ],
            },
            {
                "author": "p10",
                "days_ago": 12,
                "text": "Passer de l'association à la **SCIC** pour associer la commune : "
                        "quelqu'un l'a fait ? Combien de temps cela a-t-il pris ?",
                "reactions": {"useful": 5},
                "comments": [
                    ("p8", "Oui, l'an dernier. Comptez 8 mois, un accompagnement juridique, "
                     "et des collèges de vote bien pensés : la collectivité ne peut pas "
                     "détenir plus de 50 % du capital."),
                    ("p10", "Très utile, merci !", 0),
                ],
            },
            {
                "author": "p11",
                "days_ago": 6,
                "text": "Idée d'animation qui marche : un **déjeuner partagé** tous les mardis. "
                        "C'est devenu le rendez-vous où se croisent coworkers, associations et "
                        "habitants.",
                "reactions": {"approve": 6, "useful": 4, "bravo": 2},
                "comments": [
                    ("p9", "On va tester un format similaire avec le repair café."),
                    ("p7", "Chez nous c'est le petit-déjeuner du vendredi, même effet !"),
                ],
            },
            {
                "author": "p12",
                "days_ago": 1,
                "text": "Le dossier du label **« Fabrique de territoire »** est-il lourd ? "
                        "Nous hésitons à candidater cette année.",
                "reactions": {},
                "comments": [
                    ("p11", "Raisonnable. Il faut surtout démontrer l'ancrage local et un vrai "
                     "programme d'activités sur trois ans."),
                ],
            },
        ],
    },
    {
        "name": "Mobilisation des acteurs",
        "description": "Méthodes et retours d'expérience pour faire coopérer élus, "
                       "entreprises, associations et habitants.",
        "posts": [
            {
                "author": "moderator",
                "days_ago": 15,
                "pinned": True,
                "text": "Ce mur rassemble vos **méthodes de mobilisation** : comment faire "
                        "venir les acteurs autour de la table, et surtout comment les y garder. "
                        "Partagez ce qui a marché… et ce qui a raté, c'est souvent le plus "
                        "instructif.",
                "reactions": {"approve": 7},
                "comments": [],
            },
            {
                "author": "p3",
                "days_ago": 11,
                "text": "Mobiliser les **entreprises** : nous avons arrêté les grandes réunions "
                        "d'information. À la place, des visites d'entreprise en petit groupe, "
                        "suivies d'un café. Trois fois plus de participants en un an.",
                "reactions": {"useful": 8, "bravo": 3},
                "comments": [
                    ("p2", "Vous passez par le club d'entreprises local pour les inviter ?"),
                    ("p3", "Oui, et surtout par les dirigeants déjà convaincus : une "
                     "invitation d'un pair vaut dix courriers.", 0),
                    ("member", "On reprend l'idée à Rennes, merci @{p3} !"),
                ],
            },
            {
                "author": "p1",
                "days_ago": 7,
                "text": "Comment associez-vous les **habitants** sans que ce soient toujours "
                        "les mêmes qui viennent ? Nos réunions publiques attirent surtout des "
                        "retraités déjà très engagés.",
                "reactions": {"approve": 5},
                "comments": [
                    ("p6", "Aller les chercher là où ils sont : marché, sortie d'école, "
                     "club de foot. Un stand et trois questions simples."),
                    ("p9", "Les horaires comptent aussi : 18 h 30 plutôt que 14 h."),
                    ("p1", "Le stand au marché, on tente samedi !", 0),
                    ("moderator", "Très bon sujet pour l'atelier du mois prochain, je le note."),
                ],
            },
            {
                "author": "p8",
                "days_ago": 3,
                "text": "Petit rappel qui m'a servi : avant toute réunion avec des **élus**, "
                        "une page maximum, avec ce que le projet apporte à *leur* territoire "
                        "et ce qu'on attend d'eux, concrètement.",
                "reactions": {"useful": 6, "thanks": 2},
                "comments": [],
            },
        ],
    },
]
