"""The method's default checklist for each step, copied into every new alliance (then editable)."""

from alliances.partnerships.enums import Step

DEFAULT_CHECKLISTS: dict[str, list[str]] = {
    Step.UNDERSTAND: [
        "Lire le portrait du territoire et relever ses fragilités et ses atouts",
        "Recueillir les constats de chaque partenaire (habitants, associations, entreprises)",
        "Formuler ensemble le problème à traiter en une phrase",
        "Consulter des pratiques inspirantes de territoires comparables",
    ],
    Step.MOBILISE: [
        "Cartographier les acteurs concernés (collectivités, associations, entreprises, services de l'État)",
        "Contacter chaque acteur et noter son intérêt",
        "Publier un appel à partenaires si des compétences manquent",
        "Identifier un catalyseur territorial qui peut accompagner la démarche",
    ],
    Step.CO_CONSTRUCT: [
        "Fixer des objectifs partagés et mesurables",
        "Définir les actions et qui les porte",
        "Arrêter la gouvernance : comité de pilotage, fréquence, règles de décision",
        "Recenser les engagements de chaque partenaire",
        "Signer la convention de partenariat",
    ],
    Step.ACT: [
        "Tenir les réunions prévues et en diffuser le compte rendu",
        "Suivre le plan d'action et traiter les retards",
        "Tenir le journal de bord de l'alliance",
    ],
    Step.EVALUATE: [
        "Choisir des indicateurs pour les trois impacts (organisations, innovation, confiance) et les ODD",
        "Mesurer la situation de départ puis à intervalles réguliers, en citant la source",
        "Rédiger une courte évaluation partagée",
        "Publier l'alliance comme pratique inspirante pour qu'elle essaime",
    ],
}
