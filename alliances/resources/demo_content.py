"""Text of the demonstration kits, resources and events (written for the project).

The method advice is ours; every person, organisation, venue and link in the examples is
invented (links point to example.org, a domain reserved for examples).
"""

KITS = [
    {
        "slug": "kit-co-construction-cinq-etapes",
        "title": "Co-construire en territoire : la démarche en cinq étapes",
        "summary": "Un guide pas à pas pour passer d'une envie de coopérer à une alliance qui agit : "
        "comprendre, mobiliser, co-construire, agir, puis évaluer et essaimer.",
        "steps": ["comprendre", "mobiliser", "co-construire", "agir", "evaluer-essaimer"],
        "themes": ["emploi", "isolement", "centre-bourg"],
        "axes": ["connaissance", "mobilisation", "gouvernance", "experimentation", "evaluation"],
        "sdgs": [17, 11],
        "body": (
            "Une alliance territoriale réunit une collectivité, des associations et des entreprises "
            "autour d'un besoin du territoire qu'aucune ne peut traiter seule. Ce kit propose une "
            "démarche en cinq étapes, du diagnostic partagé à l'essaimage.\n\n"
            "Il ne s'agit pas d'une procédure à suivre à la lettre : chaque territoire avance à son "
            "rythme, et l'on revient souvent en arrière. Mais chaque étape a ses pièges, et les "
            "outils proposés aident à les éviter.\n\n"
            "**Pour qui ?** Élus et agents des communes et intercommunalités, responsables "
            "associatifs, dirigeants d'entreprise, catalyseurs territoriaux.\n\n"
            "**Combien de temps ?** Comptez de trois à six mois entre le premier diagnostic et les "
            "premières actions communes."
        ),
        "kit_steps": [
            {
                "title": "Comprendre : partager le diagnostic du territoire",
                "step": "comprendre",
                "body": "Avant de chercher des solutions, mettez-vous d'accord sur la situation. Un "
                "diagnostic partagé part des chiffres officiels (population, emploi, revenus) et "
                "les complète par ce que vivent les habitants et les acteurs.\n\n"
                "Le portrait de territoire de la plateforme donne les chiffres de base ; "
                "invitez deux ou trois acteurs à le commenter.",
                "tools": [
                    {
                        "kind": "checklist",
                        "title": "Ce qu'un diagnostic partagé doit contenir",
                        "body": "- Les chiffres clés du territoire, avec leur source et leur année\n"
                        "- Trois fragilités nommées avec les acteurs, pas seulement par la mairie\n"
                        "- Les atouts : lieux, compétences, réseaux, entreprises engagées\n"
                        "- Ce qui a déjà été tenté, et pourquoi cela a marché ou non\n"
                        "- Une phrase qui résume le défi, validée par tous",
                    },
                    {
                        "kind": "questions",
                        "title": "Questions à poser lors du premier tour de table",
                        "body": "- Qu'est-ce qui vous inquiète le plus pour le territoire dans cinq ans ?\n"
                        "- Quelle ressource avez-vous que d'autres pourraient utiliser ?\n"
                        "- Avec qui n'avez-vous jamais travaillé, et pourquoi ?",
                    },
                ],
            },
            {
                "title": "Mobiliser : identifier et réunir les acteurs",
                "step": "mobiliser",
                "body": "Cartographiez les acteurs qui ont un intérêt à agir : collectivités, "
                "associations, entreprises, établissements scolaires, collectifs d'habitants. "
                "Allez les voir un par un avant de les réunir : une première réunion réussie "
                "se prépare en amont.",
                "tools": [
                    {
                        "kind": "template",
                        "title": "Grille de cartographie des acteurs",
                        "file": "cartographie",
                        "body": "Un tableau à remplir à plusieurs : qui est l'acteur, ce qu'il apporte, ce "
                        "qu'il attend, qui le connaît déjà.",
                    },
                    {
                        "kind": "checklist",
                        "title": "Préparer la réunion de lancement",
                        "body": "- Un ordre du jour court, envoyé une semaine avant\n"
                        "- Un lieu neutre, accessible à tous\n"
                        "- Un animateur qui n'est pas le porteur du projet\n"
                        "- Un compte rendu envoyé sous 48 heures",
                    },
                ],
            },
            {
                "title": "Co-construire : s'accorder sur les objectifs et la gouvernance",
                "step": "co-construire",
                "body": "Écrivez ensemble ce que l'alliance veut changer, comment elle prend ses "
                "décisions et ce que chacun s'engage à apporter. Une convention de partenariat "
                "simple, relue par tous, évite bien des malentendus.",
                "tools": [
                    {
                        "kind": "questions",
                        "title": "Les questions de la gouvernance",
                        "body": "- Qui décide de quoi, et à quelle fréquence se réunit-on ?\n"
                        "- Comment accueille-t-on un nouveau partenaire ?\n"
                        "- Que se passe-t-il si un partenaire se retire ?\n"
                        "- Qui parle au nom de l'alliance ?",
                    },
                    {
                        "kind": "checklist",
                        "title": "Le contenu minimal d'une convention",
                        "body": "- L'objet et la durée\n- Les engagements de chaque partenaire (financiers, "
                        "en nature, en compétences)\n- La gouvernance\n- Les indicateurs suivis\n"
                        "- Les conditions de sortie",
                    },
                ],
            },
            {
                "title": "Agir : mettre en œuvre et piloter",
                "step": "agir",
                "body": "Commencez par une action visible et rapide : elle prouve que l'alliance "
                "fonctionne et entretient la motivation. Tenez un tableau de bord commun, "
                "simple, mis à jour à chaque réunion.",
                "tools": [
                    {
                        "kind": "template",
                        "title": "Tableau de bord de l'alliance",
                        "file": "tableau-de-bord",
                        "body": "Actions, responsables, échéances et indicateurs sur une seule feuille.",
                    },
                ],
            },
            {
                "title": "Évaluer et essaimer : mesurer, apprendre, partager",
                "step": "evaluer-essaimer",
                "body": "L'évaluation partenariale regarde trois effets : sur la performance des "
                "organisations partenaires, sur l'innovation territoriale et sur la confiance "
                "entre acteurs. Publiez ensuite votre expérience comme pratique inspirante : "
                "d'autres territoires en ont besoin.",
                "tools": [
                    {
                        "kind": "questions",
                        "title": "Questions pour le bilan annuel",
                        "body": "- Qu'a changé l'alliance pour les habitants concernés ?\n"
                        "- Qu'a-t-elle apporté à chaque partenaire ?\n"
                        "- La confiance entre les partenaires a-t-elle progressé ?\n"
                        "- Que ferions-nous autrement ?",
                    },
                ],
            },
        ],
        "examples": (
            "**Exemple fictif.** Dans une commune de 2 000 habitants, la mairie, l'association "
            "« Les Jardins du Causse » (fictive) et une menuiserie locale (fictive) ont d'abord "
            "partagé un constat : les jeunes quittent le territoire faute de stage. Six mois plus "
            "tard, l'alliance proposait dix stages par an et un atelier de découverte des métiers."
        ),
        "links": [("Le glossaire de la plateforme", "https://www.example.org/glossaire")],
    },
    {
        "slug": "kit-odd-17-en-pratique",
        "title": "L'ODD 17 en pratique pour une commune",
        "summary": "Comment une commune, même petite, fait vivre l'objectif de développement durable "
        "n° 17 — les partenariats — dans ses projets, avec des outils simples.",
        "steps": ["comprendre", "mobiliser", "co-construire", "evaluer-essaimer"],
        "themes": ["climat-energie", "centre-bourg"],
        "axes": ["mobilisation", "gouvernance", "ressources"],
        "sdgs": [17, 11, 16],
        "body": (
            "L'ODD 17, « Partenariats pour la réalisation des objectifs », rappelle qu'aucun acteur "
            "n'atteindra seul les seize autres objectifs. Pour une commune, il se traduit très "
            "concrètement : associer les acteurs locaux aux décisions, mutualiser des moyens, "
            "rendre compte de ce que l'on fait ensemble.\n\n"
            "Ce kit aide à relire l'action municipale avec cette grille et à passer de partenariats "
            "ponctuels à une stratégie partenariale assumée."
        ),
        "kit_steps": [
            {
                "title": "Relire l'action communale avec les ODD",
                "step": "comprendre",
                "body": "Listez les projets en cours et rattachez chacun à un ou deux ODD. Repérez ceux "
                "qui reposent déjà sur un partenaire extérieur : c'est votre ODD 17 existant.",
                "tools": [
                    {
                        "kind": "checklist",
                        "title": "Inventaire des partenariats existants",
                        "body": "- Conventions avec des associations\n- Marchés ou mécénat avec des "
                        "entreprises locales\n- Coopérations avec d'autres communes ou "
                        "l'intercommunalité\n- Projets portés avec les écoles",
                    },
                ],
            },
            {
                "title": "Repérer les partenaires possibles",
                "step": "mobiliser",
                "body": "Entreprises, associations, fondations, établissements publics : chacun peut "
                "apporter des compétences, du temps, des lieux ou des financements. Pensez au "
                "mécénat de compétences, souvent plus facile à obtenir qu'un financement.",
                "tools": [
                    {
                        "kind": "questions",
                        "title": "Questions pour aborder une entreprise locale",
                        "body": "- Quels enjeux du territoire touchent vos salariés ou vos clients ?\n"
                        "- Quelles compétences pourriez-vous partager quelques jours par an ?\n"
                        "- Qu'attendriez-vous d'un partenariat avec la commune ?",
                    },
                ],
            },
            {
                "title": "Formaliser un partenariat équilibré",
                "step": "co-construire",
                "body": "Un bon partenariat profite à chaque partie. Écrivez ce que chacun apporte et ce "
                "que chacun en retire ; prévoyez un point d'étape à six mois.",
                "tools": [
                    {
                        "kind": "checklist",
                        "title": "Les signes d'un partenariat équilibré",
                        "body": "- Chaque partenaire sait dire ce qu'il y gagne\n- Les décisions se "
                        "prennent ensemble\n- Les contributions sont connues de tous\n"
                        "- Les réussites sont communiquées au nom de tous",
                    },
                ],
            },
            {
                "title": "Suivre et rendre compte",
                "step": "evaluer-essaimer",
                "body": "Présentez chaque année en conseil municipal les partenariats de la commune et "
                "leur contribution aux ODD. C'est un moment de reconnaissance pour les "
                "partenaires et un outil de transparence pour les habitants.",
                "tools": [
                    {
                        "kind": "template",
                        "title": "Tableau de suivi des partenariats",
                        "file": "tableau-de-bord",
                        "body": "Une ligne par partenariat : objet, ODD, contributions, résultats.",
                    },
                ],
            },
        ],
        "examples": (
            "**Exemple fictif.** La commune (fictive) de Saint-Martin-des-Prés a confié l'entretien "
            "de ses chemins de randonnée à une association d'insertion, avec le soutien en "
            "compétences d'une entreprise de travaux publics locale. Le bilan annuel présenté en "
            "conseil municipal rattache le projet aux ODD 8, 15 et 17."
        ),
        "links": [
            (
                "Les 17 objectifs de développement durable (ONU)",
                "https://www.un.org/sustainabledevelopment/fr/objectifs-de-developpement-durable/",
            )
        ],
    },
    {
        "slug": "kit-sortir-de-la-crise-ensemble",
        "title": "Sortir de la crise ensemble",
        "summary": "Après une crise (sanitaire, climatique, économique), réunir les acteurs du "
        "territoire pour répondre à l'urgence puis construire le rebond.",
        "steps": ["comprendre", "mobiliser", "agir", "evaluer-essaimer"],
        "themes": ["crise", "emploi", "isolement"],
        "axes": ["mobilisation", "experimentation", "ressources"],
        "sdgs": [1, 3, 8, 11, 17],
        "body": (
            "Une crise bouscule les habitudes : elle révèle des fragilités, mais aussi des "
            "solidarités nouvelles. Ce kit aide à transformer l'élan de l'urgence en coopération "
            "durable.\n\n"
            "Il s'organise en deux temps : répondre ensemble à l'urgence, puis préparer ensemble "
            "l'après."
        ),
        "kit_steps": [
            {
                "title": "Faire le point à chaud",
                "step": "comprendre",
                "body": "Qui est le plus touché ? Quels services se sont arrêtés ? Qui s'est mobilisé "
                "spontanément ? Notez-le vite : ces informations se perdent.",
                "tools": [
                    {
                        "kind": "questions",
                        "title": "Questions du point de situation",
                        "body": "- Quels publics ne sont plus joints par aucun service ?\n"
                        "- Quelles entreprises sont menacées ?\n"
                        "- Quelles initiatives solidaires sont nées ?",
                    },
                ],
            },
            {
                "title": "Réunir une cellule territoriale",
                "step": "mobiliser",
                "body": "Une cellule courte (commune, associations de solidarité, représentants des "
                "entreprises, services de l'État) se réunit chaque semaine le temps de l'urgence.",
                "tools": [
                    {
                        "kind": "checklist",
                        "title": "Composer la cellule",
                        "body": "- Un élu référent disponible\n- Les associations au contact des publics "
                        "fragiles\n- Un représentant des commerçants ou des entreprises\n"
                        "- Un contact dans les services de l'État ou du département",
                    },
                ],
            },
            {
                "title": "Agir vite, puis construire le rebond",
                "step": "agir",
                "body": "Répondez d'abord aux besoins vitaux, puis fixez deux ou trois chantiers de "
                "rebond : emploi local, lien social, commerces. Chacun a un pilote et un "
                "calendrier.",
                "tools": [
                    {
                        "kind": "template",
                        "title": "Plan de rebond en une page",
                        "file": "tableau-de-bord",
                        "body": "Chantier, pilote, partenaires, première action, échéance.",
                    },
                ],
            },
            {
                "title": "Tirer les leçons",
                "step": "evaluer-essaimer",
                "body": "Six mois après, faites le bilan avec tous ceux qui ont participé : qu'est-ce qui "
                "doit rester ? La coopération née dans la crise peut devenir une alliance.",
                "tools": [
                    {
                        "kind": "questions",
                        "title": "Questions du retour d'expérience",
                        "body": "- Qu'avons-nous su faire ensemble que nous ne faisions pas avant ?\n"
                        "- Qu'est-ce qui a manqué ?\n- Que garde-t-on pour la prochaine fois ?",
                    },
                ],
            },
        ],
        "examples": (
            "**Exemple fictif.** Après des inondations, la communauté de communes (fictive) du "
            "Val d'Argent a réuni chaque semaine les associations caritatives, deux entreprises de "
            "transport et la mission locale. La cellule est devenue un comité permanent qui pilote "
            "aujourd'hui un service de transport solidaire."
        ),
        "links": [],
    },
]

RESOURCES = [
    {
        "slug": "webinaire-alliance-commune-rurale",
        "kind": "webinaire",
        "title": "Lancer une alliance dans une commune rurale : retours d'expérience",
        "summary": "Une maire, un responsable associatif et une cheffe d'entreprise racontent comment "
        "ils ont lancé leur alliance, et ce qu'ils feraient autrement.",
        "speakers": "Claire Fontanel (maire, fictive), Yannick Berthou (association fictive), "
        "Inès Marchal (entreprise fictive)",
        "duration": 60,
        "days_ago": 45,
        "url": "https://www.example.org/webinaires/alliance-rurale",
        "steps": ["mobiliser", "co-construire"],
        "themes": ["centre-bourg", "emploi"],
        "axes": ["mobilisation"],
        "sdgs": [17, 11],
        "related": ["kit-co-construction-cinq-etapes"],
        "body": "Trois témoins reviennent sur les dix-huit premiers mois de leur alliance : le premier "
        "tour de table, les désaccords sur la gouvernance, la première action visible.",
        "transcript": "**Animatrice** — Comment tout a commencé ?\n\n**Claire Fontanel** — Par un "
        "constat partagé au marché : plus aucun commerce n'ouvrait le lundi…",
    },
    {
        "slug": "webinaire-evaluer-une-alliance",
        "kind": "webinaire",
        "title": "Évaluer une alliance : trois impacts à suivre",
        "summary": "Performance des partenaires, innovation territoriale, confiance : comment suivre "
        "les trois effets d'une alliance sans y passer ses soirées.",
        "speakers": "Julien Perrault (évaluateur, fictif)",
        "duration": 45,
        "days_ago": 20,
        "url": "https://www.example.org/webinaires/evaluer-une-alliance",
        "steps": ["evaluer-essaimer"],
        "themes": [],
        "axes": ["evaluation"],
        "sdgs": [17],
        "related": ["kit-co-construction-cinq-etapes"],
        "body": "Une méthode simple d'évaluation partenariale, avec des indicateurs choisis ensemble.",
    },
    {
        "slug": "mooc-co-construire-en-territoire",
        "kind": "mooc",
        "title": "MOOC « Co-construire en territoire »",
        "summary": "Quatre semaines de cours en ligne, gratuits, pour découvrir la co-construction "
        "territoriale à travers des cas concrets et des exercices.",
        "speakers": "Équipe pédagogique fictive",
        "duration": 480,
        "days_ago": 60,
        "url": "https://www.example.org/mooc/co-construire",
        "steps": ["comprendre", "mobiliser", "co-construire", "agir", "evaluer-essaimer"],
        "themes": [],
        "axes": ["connaissance", "gouvernance"],
        "sdgs": [17, 4],
        "related": ["kit-co-construction-cinq-etapes", "kit-odd-17-en-pratique"],
        "body": "Semaine 1 : comprendre son territoire. Semaine 2 : mobiliser. Semaine 3 : "
        "co-construire et gouverner. Semaine 4 : évaluer et essaimer.",
    },
    {
        "slug": "memo-convention-de-partenariat",
        "kind": "document",
        "title": "Mémo : dix questions avant de signer une convention de partenariat",
        "summary": "Un mémo de deux pages pour relire une convention entre une commune, une "
        "association et une entreprise avant signature.",
        "file": "memo",
        "days_ago": 30,
        "steps": ["co-construire"],
        "themes": [],
        "axes": ["gouvernance"],
        "sdgs": [17, 16],
        "related": ["kit-co-construction-cinq-etapes"],
        "body": "Objet, durée, contributions, gouvernance, communication, sortie : les points à vérifier ensemble.",
    },
    {
        "slug": "modele-tableau-de-bord-alliance",
        "kind": "document",
        "title": "Modèle de tableau de bord d'une alliance",
        "summary": "Un classeur à compléter pour suivre les actions, les responsables, les échéances "
        "et les indicateurs de l'alliance.",
        "file": "tableau-de-bord",
        "days_ago": 15,
        "steps": ["agir"],
        "themes": [],
        "axes": ["experimentation", "evaluation"],
        "sdgs": [17],
        "related": ["kit-co-construction-cinq-etapes", "kit-sortir-de-la-crise-ensemble"],
        "body": "Trois onglets : actions, indicateurs, réunions.",
    },
    {
        "slug": "outil-carte-des-solidarites-locales",
        "kind": "outil",
        "title": "Carte des solidarités locales",
        "summary": "Un outil en ligne (fictif) qui recense les initiatives solidaires d'un "
        "territoire pour repérer les partenaires possibles.",
        "publisher": "Réseau Territoires Solidaires (organisation fictive)",
        "url": "https://www.example.org/outils/carte-des-solidarites",
        "days_ago": 10,
        "steps": ["comprendre", "mobiliser"],
        "themes": ["isolement", "crise"],
        "axes": ["connaissance", "mobilisation"],
        "sdgs": [1, 10, 17],
        "related": ["kit-sortir-de-la-crise-ensemble"],
        "body": "Les initiatives sont décrites par leurs porteurs et mises à jour chaque trimestre.",
    },
]

# days_from_today, start "HH:MM", end "HH:MM" in Paris time
EVENTS = [
    {
        "slug": "atelier-diagnostic-partage-mende",
        "kind": "atelier",
        "title": "Atelier : réaliser le diagnostic partagé de votre commune",
        "summary": "Un après-midi pour apprendre à construire un diagnostic partagé avec les acteurs "
        "de votre territoire, à partir des chiffres officiels.",
        "days": 12,
        "start": "14:00",
        "end": "17:00",
        "place": "Salle des Causses (lieu fictif)\n1 place de la Démonstration\n48000 Mende",
        "organiser": "Collectif Territoires Ensemble (organisation fictive)",
        "audience": "Élus et agents des communes, responsables associatifs",
        "registration": "interne",
        "capacity": 20,
        "themes": ["centre-bourg"],
        "sdgs": [17, 11],
        "body": "- 14 h : les chiffres clés de votre territoire\n- 15 h : atelier en petits groupes\n"
        "- 16 h 30 : restitution et suites",
    },
    {
        "slug": "webinaire-odd-17-petites-communes",
        "kind": "webinaire",
        "title": "Webinaire : l'ODD 17 en pratique pour les petites communes",
        "summary": "Une heure pour découvrir le kit « L'ODD 17 en pratique » et échanger avec des "
        "élus qui l'ont utilisé.",
        "days": 19,
        "start": "12:30",
        "end": "13:30",
        "online_url": "https://www.example.org/visio/odd-17",
        "organiser": "Collectif Territoires Ensemble (organisation fictive)",
        "audience": "Élus et agents des communes de moins de 5 000 habitants",
        "registration": "interne",
        "capacity": 100,
        "themes": [],
        "sdgs": [17],
    },
    {
        "slug": "rencontre-regionale-alliances-lyon",
        "kind": "conference",
        "title": "Rencontre régionale des alliances territoriales",
        "summary": "Une journée de témoignages et d'ateliers pour les alliances d'Auvergne-Rhône-Alpes "
        "et celles qui veulent se lancer.",
        "days": 33,
        "start": "09:30",
        "end": "17:00",
        "place": "Espace des Rencontres (lieu fictif)\n10 rue de l'Exemple\n69002 Lyon",
        "organiser": "Association Réseau des Alliances (organisation fictive)",
        "audience": "Collectivités, associations, entreprises, catalyseurs",
        "registration": "externe",
        "registration_url": "https://www.example.org/inscriptions/rencontre",
        "themes": ["emploi", "climat-energie"],
        "sdgs": [17, 8],
    },
    {
        "slug": "cafe-catalyseurs-sortir-de-la-crise",
        "kind": "atelier",
        "title": "Café des catalyseurs : sortir de la crise ensemble",
        "summary": "Un échange en petit comité, en ligne, autour du kit « Sortir de la crise "
        "ensemble ». Places limitées.",
        "days": 47,
        "start": "18:00",
        "end": "19:30",
        "online_url": "https://www.example.org/visio/cafe-catalyseurs",
        "organiser": "Collectif Territoires Ensemble (organisation fictive)",
        "audience": "Catalyseurs territoriaux",
        "registration": "interne",
        "capacity": 3,
        "themes": ["crise"],
        "sdgs": [17, 11],
    },
    {
        "slug": "webinaire-premiers-pas-alliance",
        "kind": "webinaire",
        "title": "Webinaire : les premiers pas d'une alliance",
        "summary": "Comment organiser le premier tour de table et éviter les pièges du démarrage.",
        "days": -40,
        "start": "12:30",
        "end": "13:30",
        "online_url": "https://www.example.org/visio/premiers-pas",
        "organiser": "Collectif Territoires Ensemble (organisation fictive)",
        "audience": "Tous publics",
        "registration": "interne",
        "capacity": 100,
        "replay_url": "https://www.example.org/replays/premiers-pas",
        "themes": [],
        "sdgs": [17],
    },
]
