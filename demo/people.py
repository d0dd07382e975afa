"""Raw material for fictional demo members (``manage.py seed_demo``).

Every person built from these lists is fictional. Towns and départements are real, so that
profiles look plausible; the organisations built from the patterns below are invented, except
the network's own organisations, which come from ``organisations.json``.
"""

FEMALE_FIRST_NAMES = [
    "Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Julie", "Clara", "Anaïs", "Laura",
    "Marion", "Émilie", "Pauline", "Céline", "Nathalie", "Isabelle", "Sandrine", "Valérie",
    "Sophie", "Aurélie", "Élodie", "Mathilde", "Charlotte", "Lucie", "Margaux", "Hélène",
    "Anne-Sophie", "Marie-Claire", "Fatima", "Nadia", "Samia", "Leïla", "Aïcha", "Mélanie",
    "Agnès", "Florence", "Christine", "Sylvie", "Delphine", "Karine", "Virginie", "Audrey",
    "Justine", "Océane", "Maëlle", "Gwenaëlle", "Solène", "Bérénice", "Joséphine", "Louise",
]

MALE_FIRST_NAMES = [
    "Thomas", "Nicolas", "Julien", "Maxime", "Antoine", "Alexandre", "Guillaume", "Romain",
    "Pierre", "Sébastien", "Mathieu", "Olivier", "Laurent", "Stéphane", "Christophe",
    "François", "Jérôme", "Benoît", "Vincent", "Frédéric", "David", "Karim", "Mehdi", "Yanis",
    "Samir", "Hugo", "Lucas", "Théo", "Louis", "Arthur", "Gaël", "Yann", "Erwan", "Loïc",
    "Jean-Marc", "Jean-Philippe", "Pierre-Yves", "Bruno", "Éric", "Patrick", "Denis", "Cédric",
    "Fabien", "Grégoire", "Bastien", "Adrien", "Quentin", "Timothée", "Mamadou", "Joël",
]

LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Vincent", "Fournier", "Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont",
    "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau",
    "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu",
    "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson",
    "Sanchez", "Gérard", "Nguyen", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Gautier",
    "Roger", "Roche", "Roy", "Noël", "Meyer", "Lucas", "Meunier", "Jean", "Perez", "Marchand",
    "Dufour", "Blanchard", "Marie", "Barbier", "Brun", "Dumas", "Brunet", "Schmitt", "Leroux",
    "Colin", "Fernandez", "Pierre", "Renard", "Arnaud", "Rolland", "Caron", "Aubert", "Giraud",
    "Le Goff", "Le Gall", "Kerjean", "Benali", "Haddad", "Diallo", "Traoré", "Mendy", "Payet",
    "Hoarau", "Grondin", "Jean-Baptiste", "Santoni", "Casanova", "Delacroix", "Vasseur",
]

# Population in millions (INSEE, rounded): weights for spreading members over the regions.
REGION_WEIGHTS = {
    "ile-de-france": 12.3, "auvergne-rhone-alpes": 8.1, "hauts-de-france": 6.0,
    "nouvelle-aquitaine": 6.1, "occitanie": 6.0, "grand-est": 5.6,
    "provence-alpes-cote-d-azur": 5.1, "pays-de-la-loire": 3.9, "bretagne": 3.4,
    "normandie": 3.3, "bourgogne-franche-comte": 2.8, "centre-val-de-loire": 2.6,
    "la-reunion": 0.9, "guadeloupe": 0.4, "martinique": 0.4, "corse": 0.35, "guyane": 0.3,
    "mayotte": 0.3,
}

# Real towns with their département, per region; the first one is the regional seat.
REGION_TOWNS = {
    "ile-de-france": [
        ("Paris", "75"), ("Montreuil", "93"), ("Saint-Denis", "93"), ("Créteil", "94"),
        ("Vincennes", "94"), ("Nanterre", "92"), ("Versailles", "78"), ("Les Mureaux", "78"),
        ("Évry-Courcouronnes", "91"), ("Cergy", "95"), ("Melun", "77"), ("Meaux", "77"),
    ],
    "auvergne-rhone-alpes": [
        ("Lyon", "69"), ("Villeurbanne", "69"), ("Grenoble", "38"), ("Saint-Étienne", "42"),
        ("Clermont-Ferrand", "63"), ("Annecy", "74"), ("Chambéry", "73"), ("Valence", "26"),
        ("Bourg-en-Bresse", "01"), ("Aurillac", "15"), ("Le Puy-en-Velay", "43"),
        ("Privas", "07"), ("Montluçon", "03"),
    ],
    "bourgogne-franche-comte": [
        ("Dijon", "21"), ("Besançon", "25"), ("Belfort", "90"), ("Chalon-sur-Saône", "71"),
        ("Auxerre", "89"), ("Nevers", "58"), ("Lons-le-Saunier", "39"), ("Vesoul", "70"),
    ],
    "bretagne": [
        ("Rennes", "35"), ("Brest", "29"), ("Quimper", "29"), ("Lorient", "56"),
        ("Vannes", "56"), ("Saint-Brieuc", "22"), ("Lannion", "22"), ("Saint-Malo", "35"),
    ],
    "centre-val-de-loire": [
        ("Orléans", "45"), ("Tours", "37"), ("Bourges", "18"), ("Blois", "41"),
        ("Chartres", "28"), ("Châteauroux", "36"), ("Vierzon", "18"), ("Montargis", "45"),
    ],
    "corse": [("Ajaccio", "2A"), ("Bastia", "2B"), ("Corte", "2B"), ("Porto-Vecchio", "2A")],
    "grand-est": [
        ("Strasbourg", "67"), ("Reims", "51"), ("Metz", "57"), ("Nancy", "54"),
        ("Mulhouse", "68"), ("Colmar", "68"), ("Troyes", "10"), ("Charleville-Mézières", "08"),
        ("Épinal", "88"), ("Chaumont", "52"), ("Bar-le-Duc", "55"),
    ],
    "hauts-de-france": [
        ("Lille", "59"), ("Roubaix", "59"), ("Dunkerque", "59"), ("Amiens", "80"),
        ("Arras", "62"), ("Lens", "62"), ("Calais", "62"), ("Beauvais", "60"),
        ("Compiègne", "60"), ("Saint-Quentin", "02"), ("Laon", "02"),
    ],
    "normandie": [
        ("Rouen", "76"), ("Caen", "14"), ("Le Havre", "76"), ("Cherbourg-en-Cotentin", "50"),
        ("Évreux", "27"), ("Alençon", "61"), ("Saint-Lô", "50"), ("Dieppe", "76"),
    ],
    "nouvelle-aquitaine": [
        ("Bordeaux", "33"), ("Poitiers", "86"), ("Limoges", "87"), ("La Rochelle", "17"),
        ("Pau", "64"), ("Bayonne", "64"), ("Niort", "79"), ("Angoulême", "16"),
        ("Périgueux", "24"), ("Agen", "47"), ("Mont-de-Marsan", "40"), ("Guéret", "23"),
        ("Tulle", "19"),
    ],
    "occitanie": [
        ("Toulouse", "31"), ("Montpellier", "34"), ("Nîmes", "30"), ("Perpignan", "66"),
        ("Béziers", "34"), ("Albi", "81"), ("Carcassonne", "11"), ("Tarbes", "65"),
        ("Rodez", "12"), ("Montauban", "82"), ("Cahors", "46"), ("Foix", "09"),
        ("Mende", "48"), ("Auch", "32"),
    ],
    "pays-de-la-loire": [
        ("Nantes", "44"), ("Angers", "49"), ("Le Mans", "72"), ("Saint-Nazaire", "44"),
        ("Laval", "53"), ("La Roche-sur-Yon", "85"), ("Les Sables-d'Olonne", "85"),
        ("Cholet", "49"),
    ],
    "provence-alpes-cote-d-azur": [
        ("Marseille", "13"), ("Nice", "06"), ("Toulon", "83"), ("Aix-en-Provence", "13"),
        ("Avignon", "84"), ("Arles", "13"), ("Gap", "05"), ("Digne-les-Bains", "04"),
        ("Draguignan", "83"),
    ],
    "guadeloupe": [("Basse-Terre", "971"), ("Pointe-à-Pitre", "971"), ("Les Abymes", "971")],
    "martinique": [("Fort-de-France", "972"), ("Le Lamentin", "972"), ("Sainte-Marie", "972")],
    "guyane": [("Cayenne", "973"), ("Kourou", "973"), ("Saint-Laurent-du-Maroni", "973")],
    "la-reunion": [
        ("Saint-Denis", "974"), ("Saint-Pierre", "974"), ("Le Port", "974"),
        ("Saint-Paul", "974"), ("Le Tampon", "974"),
    ],
    "mayotte": [("Mamoudzou", "976"), ("Dzaoudzi", "976"), ("Koungou", "976")],
}

# Where the organisations of organisations.json are, when their facts or name say so.
# MicroVille 112 reconverts the former air base 112 near Reims: local, so it needs a region.
ORG_PLACES = {
    "Agir Ensemble sur le Territoire (AET)": ("ile-de-france", "94"),
    "Territoire Paris Est Marne & Bois": ("ile-de-france", "94"),
    "Labo des partenariats de France Active Poitou-Charentes": ("nouvelle-aquitaine", "86"),
    "Le Centsept": ("auvergne-rhone-alpes", "69"),
    "Villes au Carré": ("centre-val-de-loire", "37"),
    "Envies d'alliances (Pays d'Aix Associations)": ("provence-alpes-cote-d-azur", "13"),
    "FACE Paris": ("ile-de-france", "75"),
    "InfoLab du CRIJ Orléans": ("centre-val-de-loire", "45"),
    "MicroVille 112": ("grand-est", "51"),
    "PTCE Les Mureaux": ("ile-de-france", "78"),
    "Agence de développement des Sables d'Olonne": ("pays-de-la-loire", "85"),
    "Caisse d'Épargne Midi-Pyrénées": ("occitanie", "31"),
    "Franche-Comté Active": ("bourgogne-franche-comte", "25"),
    "Labo des Partenariats d'Alsace": ("grand-est", "67"),
    "Marseille Solutions": ("provence-alpes-cote-d-azur", "13"),
    "Communauté de communes de Charenton Saint-Maurice": ("ile-de-france", "94"),
}

ACTOR_KIND_WEIGHTS = {
    "association": 34, "collectivite": 26, "entreprise": 15, "collectif": 15, "academique": 10,
}

ORG_WORDS = [
    "Trait d'Union", "Passerelles", "Les Petites Graines", "Le Lien", "Horizons Partagés",
    "La Ruche", "Terre d'Envol", "Les Communs", "Ricochets", "L'Établi", "La Fabrique",
    "Cap Solidaire", "Archipel", "Boussole", "Les Ateliers du Possible", "Mosaïque",
    "Le Relais", "Élan Commun", "Graines de Territoire", "La Coopérative du Coin", "Kaléidoscope",
    "Parenthèse", "Le Chaînon", "Convergences", "Tisser Demain", "L'Escale", "Trame",
]

# Patterns by actor kind and perimeter: {town}, {word} and {region} are filled in.
ORG_PATTERNS = {
    ("collectivite", "local"): [
        "Mairie de {town}", "Ville de {town}", "Communauté de communes du Pays de {town}",
        "Communauté d'agglomération de {town}", "CCAS de {town}",
    ],
    ("association", "local"): [
        "Association {word}", "{word} {town}", "Maison des associations de {town}",
        "Centre social {word}", "Régie de quartier de {town}",
    ],
    ("entreprise", "local"): [
        "SCOP {word}", "{word} Conseil", "Coopérative {word}", "Agence {word}",
        "Club d'entreprises de {town}",
    ],
    ("academique", "local"): [
        "Université de {town}", "IUT de {town}", "Chambre de commerce et d'industrie de {town}",
        "Lycée des métiers de {town}", "Maison de l'emploi de {town}",
    ],
    ("collectif", "local"): [
        "Tiers-lieu {word}", "PTCE {word}", "Collectif {word}", "Fabrique de territoire {word}",
        "Tiers-lieu de {town}",
    ],
    ("collectivite", "regional"): [
        "Région {region}", "Agence régionale de développement {region}",
    ],
    ("association", "regional"): [
        "Réseau {word} {region}", "Réseau régional {word}", "Maison régionale de l'ESS {region}",
    ],
    ("entreprise", "regional"): [
        "Banque coopérative {region}", "Fondation d'entreprise {word} {region}",
    ],
    ("academique", "regional"): [
        "Pôle universitaire {region}", "Observatoire régional des territoires {region}",
    ],
    ("collectif", "regional"): [
        "Réseau des tiers-lieux {region}", "Collectif régional {word}",
    ],
    ("collectivite", "national"): [
        "Agence nationale {word}", "Association nationale des élus {word}",
    ],
    ("association", "national"): [
        "Réseau national {word}", "Fédération {word}", "Union nationale {word}",
    ],
    ("entreprise", "national"): [
        "Fondation {word}", "Groupe {word}", "Mutuelle {word}",
    ],
    ("academique", "national"): [
        "Institut {word}", "Chaire {word} en innovation territoriale",
    ],
    ("collectif", "national"): [
        "Collectif national {word}", "Mouvement {word}",
    ],
}

# (masculine, feminine) job titles per actor kind.
JOB_TITLES = {
    "collectivite": [
        ("Chargé de mission développement local", "Chargée de mission développement local"),
        ("Directeur du développement économique", "Directrice du développement économique"),
        ("Chef de projet politique de la ville", "Cheffe de projet politique de la ville"),
        ("Adjoint au maire", "Adjointe au maire"),
        ("Responsable de la vie associative", "Responsable de la vie associative"),
        ("Chargé de mission participation citoyenne",
         "Chargée de mission participation citoyenne"),
    ],
    "association": [
        ("Directeur", "Directrice"), ("Coordinateur", "Coordinatrice"),
        ("Chargé de projets partenariats", "Chargée de projets partenariats"),
        ("Animateur de réseau", "Animatrice de réseau"), ("Président", "Présidente"),
        ("Délégué général", "Déléguée générale"),
    ],
    "entreprise": [
        ("Responsable RSE", "Responsable RSE"), ("Consultant", "Consultante"),
        ("Responsable mécénat", "Responsable mécénat"), ("Gérant", "Gérante"),
        ("Directeur de l'engagement sociétal", "Directrice de l'engagement sociétal"),
    ],
    "academique": [
        ("Maître de conférences", "Maîtresse de conférences"),
        ("Chargé de recherche", "Chargée de recherche"),
        ("Ingénieur d'études", "Ingénieure d'études"),
        ("Responsable des partenariats", "Responsable des partenariats"),
    ],
    "collectif": [
        ("Coordinateur", "Coordinatrice"), ("Facilitateur", "Facilitatrice"),
        ("Animateur de tiers-lieu", "Animatrice de tiers-lieu"),
        ("Chef de projet", "Cheffe de projet"), ("Cofondateur", "Cofondatrice"),
    ],
}

EXTRA_SKILLS = [
    "Animation de tiers-lieu", "Budget participatif", "Design de services publics",
    "Mobilisation citoyenne", "Méthodes agiles", "Fundraising", "Concertation",
    "Cartographie des acteurs", "Intelligence collective", "Gestion de projet",
    "Communication", "Marchés publics", "Formation d'adultes", "Politique de la ville",
]

# Skills that fit each trade best (any skill may still turn up).
METIER_SKILLS = {
    "dialogue-territorial": [
        "Dialogue territorial", "Mise en relation", "Animation de réseau", "Concertation",
        "Cartographie des acteurs", "Co-construction de politiques publiques",
    ],
    "experimentations-collectives": [
        "Conception d'expérimentations collectives", "Innovation sociale",
        "Évaluation d'impact", "Design de services publics", "Intelligence collective",
    ],
    "accompagnement": [
        "Accompagnement du partenariat", "Partenariats associations / entreprises",
        "Financement de projets", "Modèles socio-économiques hybrides", "RSE & partenariats",
        "Mécénat de compétences", "Fundraising",
    ],
    "gestion-d-un-lieu": [
        "Tiers-lieux", "Animation de tiers-lieu", "Médiation numérique", "Facilitation",
    ],
}

# {e} becomes "e" for women, nothing for men.
BIO_OPENINGS = [
    "Après dix ans dans l'éducation populaire, j'ai rejoint ma structure actuelle en {year}.",
    "J'occupe ce poste depuis {year}, après un parcours dans le privé.",
    "Arrivé{e} dans ma structure en {year}, je coordonne nos projets de coopération.",
    "Ancien{ne} chef{fe} de projet en collectivité, j'ai changé de voie en {year}.",
    "Je suis engagé{e} depuis {year} au croisement du public et de l'associatif.",
    "Juriste de formation, j'ai choisi le terrain en {year}.",
    "Urbaniste de formation, je porte depuis {year} les partenariats de ma structure.",
    "Originaire du territoire, j'y suis revenu{e} en {year} pour m'y engager.",
]
BIO_MIDDLES = [
    "Je crois beaucoup aux alliances entre acteurs qui ne se parlent pas encore.",
    "Mon quotidien : réunir élus, entreprises, associations et habitants autour d'un besoin.",
    "Je m'intéresse particulièrement aux territoires ruraux et aux petites villes.",
    "J'ai animé plusieurs expérimentations collectives, avec des réussites et des échecs.",
    "Nous avons ouvert un tiers-lieu qui accueille une trentaine de structures.",
    "Je forme aussi des équipes à la co-construction de projets de territoire.",
    "Notre territoire cumule des fragilités, mais aussi beaucoup d'énergie locale.",
    "Je fais le lien entre le monde économique et les acteurs de l'insertion.",
]
BIO_CLOSINGS = [
    "Toujours partant{e} pour un café, réel ou virtuel !",
    "Ravi{e} d'échanger avec d'autres catalyseurs.",
    "N'hésitez pas à me contacter pour partager nos retours d'expérience.",
    "J'aime documenter ce qui marche pour que d'autres puissent s'en inspirer.",
    "",
]

CAN_HELP_WITH = [
    "monter un partenariat entre une association et une entreprise",
    "animer un premier temps de rencontre entre acteurs du territoire",
    "construire un diagnostic partagé des besoins du territoire",
    "trouver des financements pour une expérimentation",
    "ouvrir et faire vivre un tiers-lieu",
    "évaluer l'impact social d'un projet",
    "mobiliser des entreprises locales sur l'emploi des jeunes",
    "concevoir une démarche de concertation avec les habitants",
    "rédiger une convention de partenariat",
    "mettre en place du mécénat de compétences",
    "cartographier les acteurs d'un territoire",
    "former des équipes à la facilitation",
    "répondre à un appel à projets",
    "lancer une action de médiation numérique",
    "relier écoles et entreprises autour de l'orientation",
]

LOOKING_FOR = [
    "des retours d'expérience sur les tiers-lieux en milieu rural",
    "des partenaires pour une expérimentation sur la mobilité",
    "des exemples de conventions entre collectivités et entreprises",
    "des catalyseurs qui travaillent sur le vieillissement",
    "des outils simples pour évaluer nos actions",
    "des contacts dans d'autres régions pour essaimer notre projet",
    "des idées pour mobiliser les habitants les plus éloignés",
    "un binôme pour co-animer un atelier aux Rencontres",
    "des financeurs privés sensibles à l'insertion",
    "des pratiques de gouvernance partagée",
    "des méthodes pour impliquer les élus dans la durée",
    "des partenaires sur la transition énergétique",
]

CONTACT_NOTES = [
    "Plutôt par email, je réponds sous 48 h.",
    "Par la messagerie de la plateforme, c'est le plus simple.",
    "Le mardi et le jeudi, je suis joignable par téléphone.",
]

APPLICANTS = [
    {
        "first_name": "Romane", "last_name": "Lecomte", "email": "romane.lecomte",
        "organisation": "Communauté de communes du Pays de Lannion", "actor_kind": "collectivite",
        "perimeter": "local", "region": "bretagne", "metiers": ["dialogue-territorial"],
        "motivation": "Je coordonne le contrat de ville de notre intercommunalité et nous "
        "voulons créer des alliances entre entreprises et associations. J'aimerais apprendre "
        "des catalyseurs qui l'ont déjà fait.",
    },
    {
        "first_name": "Idriss", "last_name": "Benchekroun", "email": "idriss.benchekroun",
        "organisation": "Tiers-lieu La Ruche", "actor_kind": "collectif", "perimeter": "local",
        "region": "hauts-de-france", "metiers": ["gestion-d-un-lieu", "accompagnement"],
        "motivation": "Nous ouvrons un tiers-lieu à Lens et cherchons à échanger avec d'autres "
        "lieux sur leur modèle économique et l'animation de leur communauté.",
    },
    {
        "first_name": "Maud", "last_name": "Carpentier", "email": "maud.carpentier",
        "organisation": "Fondation Horizons Partagés", "actor_kind": "entreprise",
        "perimeter": "national", "region": "", "metiers": ["accompagnement"],
        "motivation": "Notre fondation soutient des projets d'innovation sociale partout en "
        "France. Rejoindre le réseau nous aiderait à repérer les dynamiques territoriales.",
    },
    {
        "first_name": "Tiavina", "last_name": "Rakotomalala", "email": "tiavina.rakotomalala",
        "organisation": "Université de La Réunion", "actor_kind": "academique",
        "perimeter": "regional", "region": "la-reunion",
        "metiers": ["experimentations-collectives"],
        "motivation": "Je mène une recherche-action sur les coopérations territoriales dans "
        "les outre-mer et souhaite partager nos résultats avec le réseau.",
    },
]
