"""Chat history for the demo (``manage.py seed_demo``): themed rooms, a working group and the
demo member's direct conversations. Every person and situation is fictional.

Speakers are keys: ``moderator`` (Claire Fontaine, the network's animatrice), ``member`` (Inès
Moreau, the demo account), ``admin`` (Julien Morel), and ``p1``... ``p14``, generated members
picked from the seeded network with a fixed seed. A message is ``(speaker, text)`` or
``(speaker, text, index of the message it replies to)``; texts are Markdown, where ``@{key}``
is an @mention of that speaker (who must be in the room by then: a mention names members).

A room may also have ``edited`` (index: new text) and ``deleted`` (indexes) messages, changed
by their authors; ``reported`` messages, ``(index, reporter, reason)``, that stay open in the
moderators' queue; and ``moderated`` ones, ``(index, reason)``, that the moderator deletes.
"""

PUBLIC_ROOMS = [
    {
        "name": "Nouveaux arrivants",
        "topic": "Présentez-vous, posez vos questions sur le réseau et la plateforme.",
        "days_ago": 12,
        "joiners": 40,
        "member_joins": True,
        "unread_for_member": 2,
        "messages": [
            ("moderator", "Bienvenue dans le salon des nouveaux arrivants ! 👋\n\n"
             "Quelques repères pour commencer :\n"
             "- complétez votre profil (compétences, « je peux aider à… ») : c'est ce qui "
             "permet aux autres de vous trouver ;\n"
             "- la page **Qui peut m'aider ?** propose des pairs selon votre besoin ;\n"
             "- les salons thématiques sont ouverts à toutes et tous, rejoignez ceux qui vous "
             "parlent."),
            ("p1", "Bonjour à toutes et à tous ! Je viens d'arriver comme chargée de mission "
             "ESS dans une communauté de communes du Gers. Ravie de vous rejoindre."),
            ("moderator", "Bienvenue ! Tu trouveras plusieurs collègues d'Occitanie dans "
             "l'annuaire, filtre par région. Un café virtuel des nouveaux a lieu le premier "
             "jeudi du mois.", 1),
            ("p2", "Bonjour, je coordonne un PTCE dans les Hauts-de-France. Est-ce qu'il existe "
             "un salon dédié aux PTCE ?"),
            ("moderator", "Pas encore : s'il y a assez d'intérêt, on en ouvre un. En attendant, "
             "le salon *Tiers-lieux* accueille pas mal de discussions sur les coopérations "
             "territoriales.", 3),
            ("p3", "Question pratique : peut-on masquer son numéro de téléphone sur son profil ?"),
            ("member", "Oui, dans « Modifier mon profil », il y a une case pour afficher ou non "
             "le téléphone et l'adresse e-mail. Par défaut rien n'est affiché.", 5),
            ("p3", "Parfait, merci @{member} !"),
            ("p4", "Hello ! Nouvelle recrue à la Mairie de Lorient, sur le volet "
             "revitalisation du centre-ville. Je cherche des retours d'expérience sur les "
             "boutiques à l'essai."),
            ("p5", "Bienvenue ! On a monté un dispositif de ce type à Vitré, je te fais signe "
             "en message direct.", 8),
            ("p6", "Bonjour, j'ai posté un message dans le mauvais salon, désolé !"),
            ("p7", "Bonjour à tous, je rejoins le réseau depuis la Réunion : n'hésitez pas si "
             "vous avez des questions sur les tiers-lieux ultramarins."),
            ("moderator", "Bienvenue ! Le décalage horaire sera notre défi 😄 Les visios du "
             "réseau sont enregistrées et partagées dans la bibliothèque.", 11),
            ("p13", "Vous cherchez des financements pour votre projet ? Mon cabinet monte vos "
             "dossiers de subvention, **succès garanti**, 15 % de commission seulement. "
             "Écrivez-moi en privé, places limitées !"),
        ],
        "deleted": [10],
        "reported": [(13, "member", "Démarchage commercial : ce n'est pas l'objet du salon des "
                      "nouveaux arrivants.")],
    },
    {
        "name": "Tiers-lieux",
        "topic": "Modèles économiques, gouvernance, animation : entre porteurs de tiers-lieux.",
        "days_ago": 9,
        "joiners": 55,
        "member_joins": True,
        "unread_for_member": 3,
        "messages": [
            ("p5", "Bonjour à tous ! Nous ouvrons un tiers-lieu dans une ancienne gare à la "
             "rentrée. Comment avez-vous fixé vos tarifs de coworking ? On hésite entre "
             "forfait mensuel et carnets de demi-journées."),
            ("p8", "Chez nous : carnet de 10 demi-journées à 60 €, forfait mensuel à 120 €. Le "
             "carnet attire beaucoup d'indépendants qui viennent une ou deux fois par semaine.",
             0),
            ("p9", "On a aussi un tarif solidaire (demandeurs d'emploi, étudiants) à -50 %. "
             "Ça représente 20 % des usagers, mais c'est ce qui fait vivre le lieu."),
            ("member", "À Rennes, plusieurs tiers-lieux ont mutualisé une grille tarifaire "
             "indicative. Je peux partager le document si ça intéresse quelqu'un."),
            ("p5", "@{member} Oui, avec plaisir !", 3),
            ("p10", "Autre sujet : comment gérez-vous la **gouvernance** ? Association "
             "collégiale, SCIC… ? On réfléchit à passer en SCIC pour associer la commune."),
            ("p8", "Nous sommes passés en SCIC l'an dernier. Points d'attention :\n"
             "1. la collectivité ne peut pas détenir plus de 50 % du capital ;\n"
             "2. prévoyez un accompagnement juridique, les statuts prennent du temps ;\n"
             "3. les collèges de vote évitent que les salariés soient minoritaires.", 5),
            ("p10", "Très utile, merci. Combien de temps a pris la transformation ?", 6),
            ("p8", "Environ 8 mois entre la décision et l'immatriculation."),
            ("p11", "Pour l'animation, on organise un « déjeuner partagé » tous les mardis : "
             "c'est devenu le rendez-vous qui fait se croiser coworkers, associations et "
             "habitants."),
            ("p9", "Bonne idée ! On va tester un format similaire avec le repair café."),
            ("p12", "Est-ce que certains ont obtenu le label « Fabrique de territoire » ? Le "
             "dossier est-il lourd ?"),
            ("p11", "Nous l'avons eu en 2023. Le dossier est raisonnable, mais il faut "
             "démontrer l'ancrage local et un vrai programme d'activités.", 11),
            ("p5", "Merci à tous pour vos retours, je vous tiens au courant de l'ouverture !"),
        ],
        "edited": {2: "On a aussi un tarif solidaire (demandeurs d'emploi, étudiants) à -50 %. "
                   "Ça représente environ 20 % des usagers, et ça participe beaucoup à la vie "
                   "du lieu."},
    },
    {
        "name": "Mécénat de compétences",
        "topic": "Mobiliser les entreprises du territoire : conventions, exemples, pièges.",
        "days_ago": 7,
        "joiners": 30,
        "member_joins": False,
        "messages": [
            ("p2", "Quelqu'un a-t-il déjà signé une convention de mécénat de compétences avec "
             "une grande entreprise pour un projet de territoire ? Je cherche un modèle."),
            ("moderator", "Le réseau a un modèle de convention dans la bibliothèque de "
             "documents. Les points clés : durée de la mission, valorisation du temps "
             "salarié, livrables attendus."),
            ("p6", "Attention à bien distinguer mécénat et prestation : s'il y a une "
             "contrepartie trop importante pour l'entreprise, le rescrit fiscal peut être "
             "refusé.", 0),
            ("p2", "Merci, c'est exactement le point qui inquiétait notre DAF.", 2),
            ("p3", "Chez nous, une banque mutualiste a détaché une contrôleuse de gestion deux "
             "jours par mois pendant un an pour structurer notre modèle économique. Très "
             "efficace."),
            ("p12", "Et côté PME ? Les petites entreprises du territoire sont souvent plus "
             "motivées mais moins outillées."),
            ("p3", "On passe par le club d'entreprises local : une réunion de présentation "
             "des besoins des associations, puis du « speed-matching ». Trois missions "
             "lancées au premier essai.", 5),
            ("p6", "Pensez aussi aux salariés en fin de carrière : certaines entreprises "
             "proposent le mécénat de compétences comme transition vers la retraite."),
            ("p13", "🔥 OFFRE SPÉCIALE 🔥 Formation « Devenez expert du mécénat » en deux jours, "
             "1 490 € HT, -30 % pour les membres du réseau jusqu'à vendredi ! Inscriptions par "
             "message privé."),
        ],
        "reported": [(8, "p2", "Publicité pour une formation payante.")],
        "moderated": [(8, "Démarchage commercial : la charte du réseau interdit la promotion "
                       "d'offres payantes dans les salons.")],
    },
    {
        "name": "Évaluation d'impact",
        "topic": "Mesurer ce que nos actions changent : méthodes, indicateurs, outils.",
        "days_ago": 5,
        "joiners": 25,
        "member_joins": False,
        "messages": [
            ("p9", "Nos financeurs nous demandent une **évaluation d'impact social**. Par où "
             "commencer quand on est une petite équipe ?"),
            ("p10", "Commencez par votre théorie du changement : quels changements "
             "attendez-vous, pour qui, à quelle échéance. Les indicateurs viennent après.", 0),
            ("admin", "Ressource utile : les guides de l'Avise sur l'évaluation de l'impact "
             "social, https://www.avise.org"),
            ("p4", "Nous avons fait une évaluation participative avec les habitants : "
             "questionnaires courts, mais surtout des ateliers de récits. Les financeurs ont "
             "apprécié le qualitatif."),
            ("p9", "Combien de temps cela vous a-t-il pris ?", 3),
            ("p4", "Trois mois, avec une stagiaire à mi-temps. Sans elle, on n'aurait pas "
             "tenu.", 4),
            ("p1", "Est-ce que quelqu'un utilise un outil en ligne pour suivre ses "
             "indicateurs ? On jongle avec des tableurs…"),
            ("p10", "Un tableur bien structuré suffit souvent au début. Le plus dur, c'est la "
             "collecte régulière, pas l'outil.", 6),
            ("p14", "Soyons honnêtes : l'évaluation d'impact, c'est surtout du flan pour rassurer "
             "les financeurs. Ceux qui y passent trois mois ont du temps à perdre.", 5),
        ],
        "reported": [(8, "p4", "Propos méprisants envers le travail des collègues.")],
    },
]

PRIVATE_ROOMS = [
    {
        "name": "Groupe de travail Bretagne",
        "topic": "Préparation de la rencontre régionale de novembre.",
        "days_ago": 4,
        "creator": "member",
        "members": ["moderator", "p4", "p5"],
        "unread_for_member": 1,
        "messages": [
            ("member", "Bonjour à tous, j'ouvre ce salon pour préparer la rencontre régionale. "
             "Première question : Rennes ou Saint-Brieuc ?"),
            ("p5", "Saint-Brieuc serait plus central pour les Costarmoricains et le Finistère "
             "nord."),
            ("p4", "D'accord avec Saint-Brieuc. Je peux demander une salle à la maison de "
             "l'ESS.", 1),
            ("moderator", "Je réserve la date du 14 novembre dans l'agenda du réseau. On part "
             "sur une matinée d'ateliers et un déjeuner ?"),
            ("member", "Parfait. Je propose trois ateliers : tiers-lieux, mobilisation des "
             "entreprises, évaluation. @{p5}, tu veux bien animer celui sur les tiers-lieux ?",
             3),
            ("p4", "Salle confirmée pour le 14, capacité 60 personnes. @{member}, tu t'occupes des "
             "invitations ?"),
        ],
    },
]

# The demo member's direct conversations: the other speakers, then the messages.
DIRECT_CONVERSATIONS = [
    {
        "with": ["moderator"],
        "days_ago": 3,
        "unread_for_member": 1,
        "messages": [
            ("moderator", "Bonjour Inès, merci pour ton aide dans le salon des nouveaux "
             "arrivants !"),
            ("member", "Avec plaisir ! Au fait, serait-il possible d'ouvrir un salon sur la "
             "revitalisation des centres-bourgs ? Plusieurs collègues en parlent."),
            ("moderator", "Bonne idée, je le propose à l'équipe d'animation cette semaine.", 1),
            ("moderator", "C'est validé : je l'ouvre lundi, tu veux bien lancer la première "
             "discussion ?"),
        ],
    },
    {
        "with": ["p5"],
        "days_ago": 2,
        "messages": [
            ("p5", "Bonjour Inès, tu parlais d'une grille tarifaire mutualisée des "
             "tiers-lieux rennais : tu peux me l'envoyer ?"),
            ("member", "Bien sûr, je la dépose dans la bibliothèque du réseau et je te mets "
             "le lien ici."),
            ("p5", "Merci beaucoup ! Et si tu passes par la Bretagne nord, viens visiter la "
             "gare 🙂"),
            ("member", "Avec plaisir, je note pour la rencontre régionale."),
        ],
    },
    {
        "with": ["p4", "p8"],
        "days_ago": 1,
        "messages": [
            ("p8", "Je vous mets en relation : Inès travaille sur l'innovation sociale à "
             "Rennes, et vous cherchez toutes les deux des retours sur les boutiques à "
             "l'essai."),
            ("p4", "Merci pour la mise en relation ! @{member}, on s'appelle la semaine "
             "prochaine ?"),
            ("member", "Oui, mardi ou jeudi matin me conviennent."),
            ("p4", "Jeudi 10 h alors, je t'envoie une invitation."),
        ],
    },
]
