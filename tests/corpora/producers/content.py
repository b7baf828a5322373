"""Resume content for the producers corpus: people, jobs, schools and how each is written.

Everything here is fictional and drawn from a seeded random.Random, so the same seed gives
the same resumes. `make_person(rng, locale)` returns a dict holding both the display strings
the templates print and the truth a careful reader would extract from them.
"""
from __future__ import annotations

import random
import unicodedata

TODAY = (2026, 11)

LOCALES = ("en_US", "en_GB", "fr_FR", "de_DE", "es_ES", "pt_BR", "pt_PT", "it_IT", "nl_NL", "pl_PL")

HEADINGS = {
    "en": {"summary": ["Summary", "Profile", "About me", "Professional Summary"],
           "experience": ["Experience", "Work Experience", "Professional Experience", "Employment History"],
           "education": ["Education", "Education & Training"],
           "skills": ["Skills", "Technical Skills", "Core Skills", "Skills & Tools"],
           "projects": ["Projects", "Selected Projects"], "certificates": ["Certifications", "Certificates"],
           "languages": ["Languages"], "interests": ["Interests", "Hobbies"], "contact": ["Contact", "Details"]},
    "fr": {"summary": ["Profil", "À propos", "Résumé"], "experience": ["Expérience professionnelle", "Expériences"],
           "education": ["Formation", "Diplômes"], "skills": ["Compétences", "Compétences techniques"],
           "projects": ["Projets"], "certificates": ["Certifications"], "languages": ["Langues"],
           "interests": ["Centres d'intérêt", "Loisirs"], "contact": ["Contact", "Coordonnées"]},
    "de": {"summary": ["Profil", "Kurzprofil", "Über mich"], "experience": ["Berufserfahrung", "Beruflicher Werdegang"],
           "education": ["Ausbildung", "Studium"], "skills": ["Kenntnisse", "Fähigkeiten", "IT-Kenntnisse"],
           "projects": ["Projekte"], "certificates": ["Zertifikate", "Weiterbildung"], "languages": ["Sprachen"],
           "interests": ["Interessen", "Hobbys"], "contact": ["Kontakt", "Persönliche Daten"]},
    "es": {"summary": ["Perfil", "Sobre mí", "Perfil profesional"], "experience": ["Experiencia profesional", "Experiencia laboral"],
           "education": ["Formación", "Educación", "Formación académica"], "skills": ["Habilidades", "Competencias"],
           "projects": ["Proyectos"], "certificates": ["Certificaciones"], "languages": ["Idiomas"],
           "interests": ["Intereses"], "contact": ["Contacto"]},
    "pt": {"summary": ["Resumo", "Perfil", "Sobre mim"], "experience": ["Experiência profissional", "Experiência"],
           "education": ["Formação acadêmica", "Formação", "Educação"], "skills": ["Competências", "Habilidades"],
           "projects": ["Projetos"], "certificates": ["Certificações"], "languages": ["Idiomas", "Línguas"],
           "interests": ["Interesses"], "contact": ["Contato", "Contacto"]},
    "it": {"summary": ["Profilo", "Chi sono", "Sommario"], "experience": ["Esperienza professionale", "Esperienze lavorative"],
           "education": ["Istruzione", "Formazione"], "skills": ["Competenze", "Competenze tecniche"],
           "projects": ["Progetti"], "certificates": ["Certificazioni"], "languages": ["Lingue"],
           "interests": ["Interessi"], "contact": ["Contatti"]},
    "nl": {"summary": ["Profiel", "Over mij"], "experience": ["Werkervaring", "Ervaring"],
           "education": ["Opleiding", "Opleidingen"], "skills": ["Vaardigheden", "Competenties"],
           "projects": ["Projecten"], "certificates": ["Certificaten"], "languages": ["Talen"],
           "interests": ["Interesses", "Hobby's"], "contact": ["Contact", "Personalia"]},
    "pl": {"summary": ["Podsumowanie", "O mnie", "Profil"], "experience": ["Doświadczenie zawodowe", "Doświadczenie"],
           "education": ["Wykształcenie", "Edukacja"], "skills": ["Umiejętności", "Kompetencje"],
           "projects": ["Projekty"], "certificates": ["Certyfikaty"], "languages": ["Języki"],
           "interests": ["Zainteresowania"], "contact": ["Kontakt", "Dane kontaktowe"]},
}

MONTHS = {
    "en": ("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(),
           "January February March April May June July August September October November December".split()),
    "fr": ("janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.".split(),
           "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split()),
    "de": ("Jan. Feb. März Apr. Mai Juni Juli Aug. Sep. Okt. Nov. Dez.".split(),
           "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split()),
    "es": ("ene. feb. mar. abr. may. jun. jul. ago. sept. oct. nov. dic.".split(),
           "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split()),
    "pt": ("jan. fev. mar. abr. mai. jun. jul. ago. set. out. nov. dez.".split(),
           "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro".split()),
    "it": ("gen feb mar apr mag giu lug ago set ott nov dic".split(),
           "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre".split()),
    "nl": ("jan. feb. mrt. apr. mei jun. jul. aug. sep. okt. nov. dec.".split(),
           "januari februari maart april mei juni juli augustus september oktober november december".split()),
    "pl": ("sty lut mar kwi maj cze lip sie wrz paź lis gru".split(),
           "styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień październik listopad grudzień".split()),
}
EN_SEPT = "Jan Feb Mar Apr May June July Aug Sept Oct Nov Dec".split()
EN_DOT = "Jan. Feb. Mar. Apr. May June July Aug. Sep. Oct. Nov. Dec.".split()

PRESENT = {"en": ["Present", "present", "Current", "Now"], "fr": ["aujourd'hui", "présent", "en cours"],
           "de": ["heute", "dato", "jetzt"], "es": ["actualidad", "presente", "Actualidad"],
           "pt": ["atual", "o momento", "presente"], "it": ["oggi", "presente", "in corso"],
           "nl": ["heden", "nu"], "pl": ["obecnie", "teraz"]}
SINCE = {"en": "Since", "fr": "Depuis", "de": "Seit", "es": "Desde", "pt": "Desde", "it": "Dal", "nl": "Sinds", "pl": "Od"}
SUBLABELS = {"en": ["Highlights", "Key achievements", "Achievements"], "fr": ["Réalisations", "Missions clés"],
             "de": ["Erfolge", "Schwerpunkte"], "es": ["Logros", "Logros clave"], "pt": ["Principais resultados", "Conquistas"],
             "it": ["Risultati", "Attività principali"], "nl": ["Resultaten", "Belangrijkste resultaten"],
             "pl": ["Osiągnięcia", "Najważniejsze osiągnięcia"]}
AT = {"en": "at", "fr": "chez", "de": "bei", "es": "en", "pt": "na", "it": "presso", "nl": "bij", "pl": "w"}


def lang(locale: str) -> str:
    return locale.split("_")[0]


# ---------------------------------------------------------------- people
PEOPLE = {
    "en_US": [("Marcus", "Whitfield"), ("Priya", "Raman"), ("Danielle", "O'Brien"), ("Tomás", "Alvarez"),
              ("Kimberly", "Nguyen-Hart"), ("Jordan", "McAllister"), ("Wilfried", "Dobes"), ("Aaliyah", "Brooks"),
              ("Ethan", "Kowalczyk"), ("Grace", "Van Horn"), ("Sukarno", None), ("Mei-Ling", "Chen")],
    "en_GB": [("Harriet", "Ashworth"), ("Oliver", "St. John"), ("Niamh", "Gallagher"), ("Rhys", "ap Gwilym"),
              ("Zoë", "O'Connor-Blake"), ("Callum", "Fraser")],
    "fr_FR": [("Jean-Luc", "de la Fontaine"), ("Anne-Sophie", "Leclerc-Moreau"), ("Hélène", "Dubois"),
              ("Théo", "Marchand"), ("Léa", "Girard"), ("François", "Le Goff")],
    "de_DE": [("Maximilian", "von Hohenberg"), ("Hans-Peter", "Kühn"), ("Jürgen", "Weiß"), ("Lena", "Schäfer"),
              ("Anna-Lena", "Bräuer"), ("Felix", "Großmann")],
    "es_ES": [("Ana María", "García López"), ("José Luis", "Fernández"), ("Lucía", "de la Cruz"),
              ("Álvaro", "Núñez Ortega"), ("Nerea", "Etxeberria")],
    "pt_BR": [("João", "dos Santos"), ("Letícia", "Araújo"), ("Thiago", "Conceição"), ("Mariana", "da Silva Brandão")],
    "pt_PT": [("Inês", "Magalhães"), ("Gonçalo", "Sá"), ("Beatriz", "de Sousa Pinto")],
    "it_IT": [("Giulia", "D'Angelo"), ("Niccolò", "Bianchi"), ("Francesca", "De Luca"), ("Matteo", "Ferrà")],
    "nl_NL": [("Jan", "van der Berg"), ("Sanne", "de Vries"), ("Joost", "Bakker"), ("Femke", "van 't Hof")],
    "pl_PL": [("Łukasz", "Wiśniewski"), ("Zofia", "Dąbrowska"), ("Małgorzata", "Król-Nowak"), ("Paweł", "Żak")],
}

FIRST = {
    "en_US": ["Emily", "Michael", "Ashley", "Christopher", "Jessica", "Brandon", "Samantha", "Tyler", "Megan",
              "Kevin", "Lauren", "Andre", "Hannah", "DeShawn", "Rachel", "Luis", "Caitlin", "Noah", "Olivia", "Ryan"],
    "en_GB": ["Charlotte", "George", "Amelia", "Harry", "Imogen", "Tom", "Sophie", "James", "Eleanor", "Arjun"],
    "fr_FR": ["Camille", "Nicolas", "Manon", "Julien", "Chloé", "Mathieu", "Élodie", "Sébastien", "Inès", "Maxime"],
    "de_DE": ["Lukas", "Sophie", "Jonas", "Katharina", "Tobias", "Miriam", "Sebastian", "Julia", "Björn", "Hannah"],
    "es_ES": ["Pablo", "Carmen", "Javier", "Lucía", "Sergio", "Marta", "Iñigo", "Paula", "Raúl", "Elena"],
    "pt_BR": ["Rafael", "Camila", "Gustavo", "Fernanda", "Lucas", "Júlia", "André", "Larissa", "Vinícius", "Bruna"],
    "pt_PT": ["Tiago", "Catarina", "Rui", "Mariana", "Duarte", "Sofia"],
    "it_IT": ["Alessandro", "Chiara", "Lorenzo", "Martina", "Davide", "Sara", "Federico", "Elisa", "Simone", "Alice"],
    "nl_NL": ["Daan", "Lotte", "Bram", "Eva", "Thijs", "Sophie", "Ruben", "Anouk", "Jasper", "Maaike"],
    "pl_PL": ["Piotr", "Katarzyna", "Michał", "Agnieszka", "Tomasz", "Magdalena", "Krzysztof", "Joanna", "Jakub", "Ewa"],
}
LAST = {
    "en_US": ["Johnson", "Patel", "Rodriguez", "Sullivan", "Kim", "Washington", "Murphy", "Goldberg", "Ramirez",
              "Foster", "Nakamura", "Okafor", "Hughes", "Bennett", "Castillo", "Reyes-Morgan", "Lindqvist"],
    "en_GB": ["Smith", "Taylor", "Evans", "Clarke", "Khan", "Thompson", "Whitaker", "Hughes", "MacLeod"],
    "fr_FR": ["Martin", "Bernard", "Petit", "Lefèvre", "Roux", "Fournier", "Mercier", "Boucher", "Chevalier", "Faure"],
    "de_DE": ["Müller", "Schmidt", "Fischer", "Wagner", "Becker", "Hoffmann", "Schröder", "Zimmermann", "Krüger"],
    "es_ES": ["Martínez", "Sánchez", "Romero", "Navarro", "Jiménez", "Gil Moreno", "Ruiz", "Castaño", "Iglesias"],
    "pt_BR": ["Oliveira", "Souza", "Pereira", "Lima", "Carvalho", "Ribeiro", "Gonçalves", "Rocha", "Barbosa"],
    "pt_PT": ["Ferreira", "Costa", "Rodrigues", "Martins", "Lopes", "Sequeira"],
    "it_IT": ["Rossi", "Russo", "Esposito", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Conti"],
    "nl_NL": ["Jansen", "de Jong", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos", "Vos", "van Leeuwen"],
    "pl_PL": ["Nowak", "Kowalski", "Wójcik", "Kamińska", "Lewandowski", "Zielińska", "Szymański", "Woźniak",
              "Kozłowska", "Jankowski"],
}

CITIES = {
    "en_US": [("Austin", "TX"), ("Seattle", "WA"), ("Chicago", "IL"), ("Raleigh", "NC"), ("Denver", "CO"),
              ("Brooklyn", "NY"), ("Portland", "OR"), ("Madison", "WI")],
    "en_GB": [("Manchester", "UK"), ("Leeds", "UK"), ("London", "UK"), ("Bristol", "UK"), ("Glasgow", "Scotland")],
    "fr_FR": [("Lyon", "France"), ("Nantes", "France"), ("Paris", "France"), ("Toulouse", "France"), ("Rennes", "France")],
    "de_DE": [("Berlin", "Deutschland"), ("München", "Deutschland"), ("Köln", "Deutschland"), ("Hamburg", "Deutschland"),
              ("Leipzig", "Deutschland")],
    "es_ES": [("Madrid", "España"), ("Sevilla", "España"), ("Valencia", "España"), ("Bilbao", "España")],
    "pt_BR": [("São Paulo", "SP"), ("Belo Horizonte", "MG"), ("Curitiba", "PR"), ("Recife", "PE")],
    "pt_PT": [("Porto", "Portugal"), ("Lisboa", "Portugal"), ("Braga", "Portugal")],
    "it_IT": [("Milano", "Italia"), ("Bologna", "Italia"), ("Torino", "Italia"), ("Napoli", "Italia")],
    "nl_NL": [("Utrecht", "NL"), ("Ruinen", "NL"), ("Rotterdam", "NL"), ("Groningen", "NL"), ("Eindhoven", "NL")],
    "pl_PL": [("Kraków", "Polska"), ("Wrocław", "Polska"), ("Gdańsk", "Polska"), ("Poznań", "Polska")],
}

COMPANIES = {
    "en": ["Northwind Analytics", "Petrocelli Group", "Bluefin Robotics", "Harbor & Pine Consulting",
           "Cobalt Health Systems", "Redwood Logistics", "Lumen Financial", "Kestrel Labs", "Summit Ridge Bank",
           "Brightline Media", "Quarry Street Software", "Oakmont Insurance", "Tidewater Energy", "Halcyon Games"],
    "fr": ["Groupe Vernier", "Atelier Lumière", "Banque du Rhône", "Ciel & Terre Énergies", "Société Marbeuf",
           "Datapole", "Mutuelle de l'Ouest", "Transports Garnier", "Orée Conseil"],
    "de": ["Müller & Söhne GmbH", "Nordlicht Software AG", "Stadtwerke Kassel", "Brandt Logistik GmbH",
           "Bergmann Consulting", "Rheinwerk Digital", "Alpenblick Versicherung AG", "Zeitraum Medien"],
    "es": ["Grupo Alcázar", "Soluciones Ibéricas", "Banco del Sur", "Telefonía Andina", "Mercados Levante",
           "Hospital San Rafael", "Construcciones Ebro"],
    "pt": ["Construtora Horizonte", "Banco Atlântico", "Nuvem Tecnologia", "Grupo Paraná", "Farmácias Aurora",
           "Logística Tejo", "Sabiá Digital"],
    "it": ["Officine Meccaniche Rossi", "Banca Lombarda", "Studio Ferrari & Associati", "Dolomiti Software",
           "Gruppo Adriatico", "Vela Consulting"],
    "nl": ["Van Dijk Logistiek", "Gemeente Utrecht", "Tulip Data", "Rijnmond Zorg", "Polderlicht Energie",
           "De Vries & Partners"],
    "pl": ["Wisła Software", "Bank Pomorski", "Kraków Tech", "Polska Energia", "Mazowiecka Logistyka",
           "Bursztyn Media"],
}

TITLES = {
    "en": ["Senior Software Engineer", "Software Engineer", "Data Analyst", "Product Manager", "Marketing Manager",
           "UX Designer", "DevOps Engineer", "Financial Analyst", "Registered Nurse", "Operations Coordinator",
           "Backend Developer", "Data Scientist", "Account Executive", "Project Manager", "QA Engineer"],
    "fr": ["Ingénieur logiciel", "Chef de projet", "Analyste de données", "Développeuse full-stack",
           "Responsable marketing", "Consultant SAP", "Contrôleur de gestion", "Designer UX"],
    "de": ["Softwareentwickler", "Projektleiterin", "Datenanalyst", "Teamleiter Logistik", "IT-Berater",
           "Produktmanagerin", "Werkstudent Softwareentwicklung", "Systemadministrator"],
    "es": ["Ingeniera de software", "Analista de datos", "Jefe de proyecto", "Desarrollador backend",
           "Responsable de marketing", "Enfermera", "Consultor SAP"],
    "pt": ["Engenheiro de software", "Analista de dados", "Gerente de projetos", "Desenvolvedora front-end",
           "Analista financeiro", "Coordenadora de marketing"],
    "it": ["Ingegnere del software", "Analista dati", "Project manager", "Sviluppatrice backend",
           "Responsabile marketing", "Consulente IT"],
    "nl": ["Software-ontwikkelaar", "Data-analist", "Projectleider", "Teamleider klantenservice",
           "Beleidsmedewerker", "Verpleegkundige"],
    "pl": ["Programista Java", "Analityk danych", "Kierownik projektu", "Młodszy programista", "Specjalista ds. marketingu",
           "Inżynier DevOps"],
}

SCHOOLS = {
    "en_US": ["University of Texas at Austin", "Georgia Institute of Technology", "University of Washington",
              "Ohio State University", "Boston University", "Portland Community College"],
    "en_GB": ["University of Manchester", "King's College London", "University of Leeds", "University of Glasgow"],
    "fr": ["Université Claude Bernard Lyon 1", "École Centrale de Nantes", "Sciences Po", "INSA Toulouse",
           "IUT de Rennes"],
    "de": ["Technische Universität München", "Universität Hamburg", "Hochschule für Technik und Wirtschaft Berlin",
           "Karlsruher Institut für Technologie", "Universität Leipzig"],
    "es": ["Universidad Complutense de Madrid", "Universitat Politècnica de Catalunya", "Universidad de Sevilla",
           "Universidad del País Vasco"],
    "pt_BR": ["Universidade de São Paulo", "Universidade Federal de Minas Gerais", "PUC-Rio"],
    "pt_PT": ["Universidade do Porto", "Instituto Superior Técnico", "Universidade do Minho"],
    "it": ["Politecnico di Milano", "Università di Bologna", "Sapienza Università di Roma", "Politecnico di Torino"],
    "nl": ["Technische Universiteit Delft", "Universiteit van Amsterdam", "Hogeschool Utrecht", "Rijksuniversiteit Groningen"],
    "pl": ["Politechnika Warszawska", "Uniwersytet Jagielloński", "Akademia Górniczo-Hutnicza w Krakowie"],
}
DEGREES = {
    "en": ["B.S. in Computer Science", "Bachelor of Arts in Economics", "M.S. Data Science", "MBA",
           "BSc (Hons) Mathematics", "MSc Software Engineering", "Associate of Applied Science, Nursing"],
    "fr": ["Master Informatique", "Diplôme d'ingénieur", "Licence Économie-Gestion", "DUT Informatique", "Master Marketing digital"],
    "de": ["M.Sc. Informatik", "B.Sc. Wirtschaftsinformatik", "Diplom-Kaufmann", "B.A. Betriebswirtschaftslehre",
           "Ausbildung zum Fachinformatiker"],
    "es": ["Grado en Ingeniería Informática", "Máster en Ciencia de Datos", "Licenciatura en Administración de Empresas",
           "Grado en Enfermería"],
    "pt": ["Bacharelado em Ciência da Computação", "Mestrado em Engenharia Informática", "Licenciatura em Gestão",
           "MBA em Finanças"],
    "it": ["Laurea Magistrale in Ingegneria Informatica", "Laurea Triennale in Economia", "Master in Data Science"],
    "nl": ["MSc Computer Science", "Bachelor Bedrijfskunde", "HBO-ICT", "Master Bestuurskunde"],
    "pl": ["Magister inżynier informatyki", "Licencjat z ekonomii", "Inżynier automatyki i robotyki"],
}

SKILL_GROUPS = {
    "software": [("Languages", ["Python", "Go", "TypeScript", "Java", "Kotlin", "C++", "Rust", "SQL", "C#", "Ruby"]),
                 ("Frameworks", ["Django", "FastAPI", "React", "Spring Boot", "Node.js", "Vue.js", ".NET", "Flask"]),
                 ("Cloud & DevOps", ["AWS", "GCP", "Docker", "Kubernetes", "Terraform", "GitHub Actions", "Linux",
                                     "CI/CD", "Ansible"]),
                 ("Data", ["PostgreSQL", "Redis", "Kafka", "MongoDB", "Elasticsearch"])],
    "data": [("Languages", ["Python", "R", "SQL", "Scala"]),
             ("Tools", ["Tableau", "Power BI", "dbt", "Airflow", "Snowflake", "BigQuery", "Looker", "Excel"]),
             ("Methods", ["A/B testing", "Forecasting", "Regression", "Machine Learning", "ETL"]),
             ("Libraries", ["pandas", "scikit-learn", "PyTorch", "NumPy", "Spark"])],
    "business": [("Tools", ["Salesforce", "HubSpot", "Jira", "Confluence", "SAP", "Microsoft Excel", "Google Analytics",
                            "Figma", "Asana"]),
                 ("Methods", ["Scrum", "Kanban", "Stakeholder management", "Budgeting", "SEO", "Lean Six Sigma",
                              "Negotiation"]),
                 ("Software", ["Power BI", "Tableau", "Notion", "Adobe Illustrator", "Canva"])],
    "care": [("Clinical", ["Patient assessment", "Wound care", "IV therapy", "Triage", "Medication administration"]),
             ("Systems", ["Epic", "Cerner", "Microsoft Office"]),
             ("Certifications", ["BLS", "ACLS"])],
}
CATEGORY_L10N = {
    "fr": {"Languages": "Langages", "Frameworks": "Frameworks", "Cloud & DevOps": "Cloud & DevOps", "Data": "Données",
           "Tools": "Outils", "Methods": "Méthodes", "Libraries": "Bibliothèques", "Software": "Logiciels"},
    "de": {"Languages": "Programmiersprachen", "Frameworks": "Frameworks", "Cloud & DevOps": "Cloud & DevOps",
           "Data": "Datenbanken", "Tools": "Tools", "Methods": "Methoden", "Libraries": "Bibliotheken", "Software": "Software"},
    "es": {"Languages": "Lenguajes", "Frameworks": "Frameworks", "Cloud & DevOps": "Cloud y DevOps", "Data": "Datos",
           "Tools": "Herramientas", "Methods": "Metodologías", "Libraries": "Librerías", "Software": "Software"},
    "pt": {"Languages": "Linguagens", "Frameworks": "Frameworks", "Cloud & DevOps": "Cloud e DevOps", "Data": "Dados",
           "Tools": "Ferramentas", "Methods": "Metodologias", "Libraries": "Bibliotecas", "Software": "Software"},
    "it": {"Languages": "Linguaggi", "Frameworks": "Framework", "Cloud & DevOps": "Cloud e DevOps", "Data": "Dati",
           "Tools": "Strumenti", "Methods": "Metodologie", "Libraries": "Librerie", "Software": "Software"},
    "nl": {"Languages": "Programmeertalen", "Frameworks": "Frameworks", "Cloud & DevOps": "Cloud & DevOps",
           "Data": "Data", "Tools": "Tools", "Methods": "Methodes", "Libraries": "Bibliotheken", "Software": "Software"},
    "pl": {"Languages": "Języki programowania", "Frameworks": "Frameworki", "Cloud & DevOps": "Chmura i DevOps",
           "Data": "Bazy danych", "Tools": "Narzędzia", "Methods": "Metodyki", "Libraries": "Biblioteki",
           "Software": "Oprogramowanie"},
}
DOMAIN_OF_TITLE = {
    "Data Analyst": "data", "Data Scientist": "data", "Financial Analyst": "data", "Registered Nurse": "care",
    "Product Manager": "business", "Marketing Manager": "business", "Operations Coordinator": "business",
    "Account Executive": "business", "Project Manager": "business", "UX Designer": "business",
}

BULLETS = {
    "en": ["Cut monthly cloud spend by 23% by right-sizing clusters and retiring idle services.",
           "Led a team of 5 engineers delivering the new billing platform two weeks ahead of plan.",
           "Built dashboards used daily by 40+ account managers to track churn risk.",
           "Migrated 120 legacy reports to a single self-service data model.",
           "Introduced code review guidelines that halved escaped defects within two quarters.",
           "Negotiated vendor contracts worth $1.2M per year, saving 11% on renewal.",
           "Mentored four junior colleagues; two were promoted within a year.",
           "Designed an onboarding flow that lifted week-one activation from 31% to 44%.",
           "Automated the month-end close checklist, saving roughly 3 days per cycle.",
           "Ran 30+ A/B tests on pricing pages; the winning variant raised conversion by 9%.",
           "Owned the on-call rotation and wrote runbooks for the twelve most frequent incidents."],
    "care": ["Coordinated care for up to 6 patients per shift on a 28-bed surgical ward.",
             "Trained 9 new graduate nurses in wound care and discharge planning.",
             "Reduced medication errors on the unit by 30% through a double-check protocol.",
             "Served on the hospital's falls-prevention committee."],
    "fr": ["Pilotage d'une équipe de 6 développeurs sur la refonte du portail client.",
           "Réduction de 18 % des délais de livraison grâce à un nouvel outil de planification.",
           "Mise en place de tableaux de bord Power BI pour la direction financière.",
           "Migration de l'infrastructure vers Kubernetes sans interruption de service.",
           "Animation d'ateliers avec les métiers pour recueillir les besoins.",
           "Encadrement de deux stagiaires et d'un alternant."],
    "de": ["Leitung eines Teams von 7 Entwicklerinnen und Entwicklern im Bereich Zahlungsverkehr.",
           "Einführung von Continuous Delivery; Release-Zyklus von vier Wochen auf zwei Tage verkürzt.",
           "Aufbau eines Reportings für 14 Standorte mit Power BI.",
           "Migration der Lagerverwaltung auf SAP S/4HANA im laufenden Betrieb.",
           "Betreuung von Großkunden aus der Automobilbranche.",
           "Senkung der Betriebskosten um 15 % durch Automatisierung wiederkehrender Aufgaben."],
    "es": ["Coordinación de un equipo de 5 personas en la migración a la nube.",
           "Reducción del 20 % en los tiempos de respuesta de la API principal.",
           "Diseño de informes mensuales para la dirección comercial.",
           "Implantación de metodologías ágiles en tres departamentos.",
           "Atención directa a más de 200 clientes corporativos."],
    "pt": ["Liderança de uma equipe de 6 pessoas na reconstrução do aplicativo móvel.",
           "Redução de 25% no tempo de processamento de pedidos.",
           "Criação de painéis de indicadores para a diretoria financeira.",
           "Migração de sistemas legados para a AWS.",
           "Formação de novos colaboradores e elaboração de manuais internos."],
    "it": ["Gestione di un team di 4 sviluppatori per il nuovo portale clienti.",
           "Riduzione del 30% dei tempi di rilascio grazie alla pipeline CI/CD.",
           "Analisi dei dati di vendita e preparazione di report mensili.",
           "Coordinamento con fornitori esterni e uffici acquisti.",
           "Migrazione dei servizi interni su Kubernetes."],
    "nl": ["Leiding gegeven aan een team van 6 ontwikkelaars voor het nieuwe klantportaal.",
           "Doorlooptijd van bestellingen met 20% verkort door procesautomatisering.",
           "Dashboards in Power BI ontwikkeld voor het managementteam.",
           "Migratie van on-premise servers naar Azure begeleid.",
           "Nieuwe collega's ingewerkt en interne handleidingen geschreven."],
    "pl": ["Kierowanie zespołem 5 programistów przy budowie nowego systemu płatności.",
           "Skrócenie czasu wdrożeń o 40% dzięki automatyzacji CI/CD.",
           "Przygotowywanie raportów sprzedażowych dla zarządu.",
           "Migracja usług do chmury AWS bez przestojów.",
           "Wdrażanie nowych pracowników i prowadzenie szkoleń wewnętrznych."],
}
SUMMARIES = {
    "en": ["{role} with {n} years of experience building reliable products for fast-growing teams. "
           "Comfortable owning problems end to end, from first sketch to production support.",
           "Detail-oriented {role} who turns messy data and processes into clear decisions. "
           "Looking for a team that values ownership and plain writing.",
           "{role} with a track record in regulated industries; calm under pressure, pragmatic about trade-offs."],
    "fr": ["{role} avec {n} ans d'expérience dans des environnements exigeants. Autonome, rigoureux et "
           "attaché à la qualité du travail livré."],
    "de": ["{role} mit {n} Jahren Berufserfahrung in agilen Teams. Strukturierte Arbeitsweise, "
           "Freude an sauberen Lösungen und guter Zusammenarbeit."],
    "es": ["{role} con {n} años de experiencia en proyectos nacionales e internacionales. Orientada a "
           "resultados y al trabajo en equipo."],
    "pt": ["{role} com {n} anos de experiência em empresas de tecnologia e serviços. Foco em resultados, "
           "comunicação clara e melhoria contínua."],
    "it": ["{role} con {n} anni di esperienza nel settore. Precisione, spirito di squadra e attenzione al cliente."],
    "nl": ["{role} met {n} jaar ervaring in de zorg, logistiek en IT. Resultaatgericht en communicatief sterk."],
    "pl": ["{role} z {n}-letnim doświadczeniem w projektach dla klientów z Polski i zagranicy. "
           "Samodzielność, dokładność i praca zespołowa."],
}
SPOKEN = {"en": [("English", "native"), ("Spanish", "B2"), ("French", "conversational"), ("German", "A2")],
          "fr": [("Français", "langue maternelle"), ("Anglais", "courant (C1)"), ("Espagnol", "B1")],
          "de": [("Deutsch", "Muttersprache"), ("Englisch", "verhandlungssicher"), ("Französisch", "Grundkenntnisse")],
          "es": [("Español", "nativo"), ("Inglés", "C1"), ("Catalán", "nativo")],
          "pt": [("Português", "nativo"), ("Inglês", "avançado"), ("Espanhol", "intermediário")],
          "it": [("Italiano", "madrelingua"), ("Inglese", "C1"), ("Tedesco", "B1")],
          "nl": [("Nederlands", "moedertaal"), ("Engels", "vloeiend"), ("Duits", "goed")],
          "pl": [("Polski", "ojczysty"), ("Angielski", "C1"), ("Niemiecki", "B1")]}
INTERESTS = {"en": ["Bouldering", "Chess", "Sourdough baking", "Trail running", "Volunteering at a food bank", "Jazz piano"],
             "fr": ["Randonnée", "Photographie", "Cuisine", "Bénévolat associatif"],
             "de": ["Rennrad", "Fotografie", "Schach", "Ehrenamt im Sportverein"],
             "es": ["Pádel", "Fotografía", "Voluntariado", "Cocina"],
             "pt": ["Surfe", "Fotografia", "Voluntariado", "Leitura"],
             "it": ["Vela", "Fotografia", "Cucina", "Trekking"],
             "nl": ["Wielrennen", "Zeilen", "Fotografie", "Vrijwilligerswerk"],
             "pl": ["Wspinaczka", "Fotografia", "Szachy", "Bieganie"]}
PROJECTS = {"en": [("Open-source contributor", "Maintainer of a small Python library for parsing bank statements."),
                   ("Tidy Transit", "Side project: a bus arrival app with 2,000 monthly users."),
                   ("Volunteer data analysis", "Built a donor dashboard for a local nonprofit.")],
            "x": [("Homelab", "Kubernetes, Grafana, Home Assistant."), ("Hackathon 2023", "1st place, smart-city track.")]}
CERTS = ["AWS Certified Solutions Architect – Associate", "Google Data Analytics Certificate",
         "Certified ScrumMaster (CSM)", "PMP – Project Management Professional", "Microsoft Certified: Azure Fundamentals",
         "CKA – Certified Kubernetes Administrator", "Lean Six Sigma Green Belt"]


def domain_of(title: str) -> str:
    if title in DOMAIN_OF_TITLE:
        return DOMAIN_OF_TITLE[title]
    t = title.lower()
    if any(k in t for k in ("marketing", "projet", "projekt", "proyecto", "projetos", "project", "kierownik",
                            "leider", "beleid", "gestion", "produkt", "financ")):
        return "business"
    if any(k in t for k in ("donn", "daten", "datos", "dados", "dati", "data", "danych")):
        return "data"
    if any(k in t for k in ("verpleeg", "enfermer", "nurse")):
        return "care"
    return "software"


def strip_accents(s: str) -> str:
    s = s.replace("ł", "l").replace("Ł", "L").replace("ß", "ss").replace("ø", "o")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def slug(s: str) -> str:
    return "".join(c for c in strip_accents(s).lower() if c.isalnum())


# ---------------------------------------------------------------- formats
def fmt_month(y: int, m: int, style: str, lg: str) -> str:
    if style == "year":
        return str(y)
    if style == "mm/yyyy":
        return f"{m:02d}/{y}"
    if style == "yyyy-mm":
        return f"{y}-{m:02d}"
    if style == "mm.yyyy":
        return f"{m:02d}.{y}"
    if style == "mm-yyyy":
        return f"{m:02d}-{y}"
    if style == "m/yyyy":
        return f"{m}/{y}"
    if style == "mon_comma":
        return f"{MONTHS['en'][0][m - 1]}, {y}"
    if style == "sept":
        return f"{EN_SEPT[m - 1]} {y}"
    if style == "mon_dot":
        return f"{EN_DOT[m - 1]} {y}"
    if style == "full":
        name = MONTHS[lg][1][m - 1]
        if lg in ("es", "pt"):
            return f"{name} de {y}"
        return f"{name.capitalize() if lg in ('en', 'de') else name} {y}"
    if style == "mon_upper":
        return f"{MONTHS['en'][0][m - 1].upper()} {y}"
    # "mon": the language's short month
    return f"{MONTHS[lg][0][m - 1]} {y}"


DATE_STYLES = {
    "en": ["mon", "mon", "mon_comma", "sept", "mon_dot", "full", "mm/yyyy", "yyyy-mm", "year", "mon_upper"],
    "fr": ["mon", "full", "mm/yyyy", "year", "yyyy-mm"],
    "de": ["mm.yyyy", "mm/yyyy", "mon", "full", "year"],
    "es": ["mon", "full", "mm/yyyy", "year"],
    "pt": ["mon", "full", "mm/yyyy", "year"],
    "it": ["mon", "full", "mm/yyyy", "year"],
    "nl": ["mon", "full", "mm-yyyy", "year"],
    "pl": ["mm.yyyy", "mon", "full", "mm/yyyy", "year"],
}


def duration(start: tuple[int, int], end: tuple[int, int] | None, lg: str, rng: random.Random) -> str:
    ey, em = end or TODAY
    months = (ey - start[0]) * 12 + em - start[1] + 1
    y, m = divmod(months, 12)
    forms = {
        "en": [("{y} yrs {m} mos", "{y} yr", "{m} mos"), ("{y} years {m} months", "{y} years", "{m} months")],
        "fr": [("{y} ans {m} mois", "{y} ans", "{m} mois")],
        "de": [("{y} J. {m} M.", "{y} Jahre", "{m} Monate")],
        "es": [("{y} años {m} meses", "{y} años", "{m} meses")],
        "pt": [("{y} anos {m} meses", "{y} anos", "{m} meses")],
        "it": [("{y} anni {m} mesi", "{y} anni", "{m} mesi")],
        "nl": [("{y} jaar {m} mnd", "{y} jaar", "{m} mnd")],
        "pl": [("{y} lata {m} mies.", "{y} lata", "{m} mies.")],
    }[lg]
    both, yonly, monly = rng.choice(forms)
    if y and m:
        out = both.format(y=y, m=m)
    elif y:
        out = yonly.format(y=y)
    else:
        out = monly.format(m=m)
    if y == 1:
        for a, b in (("yrs", "yr"), ("years", "year"), ("ans", "an"), ("Jahre", "Jahr"), ("años", "año"),
                     ("anos", "ano"), ("anni", "anno"), ("lata", "rok")):
            out = out.replace(f"1 {a}", f"1 {b}")
    if m == 1:
        for a, b in (("mos", "mo"), ("months", "month"), ("Monate", "Monat"), ("meses", "mes"), ("mesi", "mese")):
            out = out.replace(f" 1 {a}", f" 1 {b}") if y else out.replace(f"1 {a}", f"1 {b}")
    return out


def mm(d, style):  # truth date
    if d is None:
        return "present"
    return str(d[0]) if style == "year" else f"{d[0]}-{d[1]:02d}"


# ---------------------------------------------------------------- a person
def make_person(rng: random.Random, locale: str, used: set, *, jobs: tuple[int, int] = (2, 4),
                long: bool = False, force: dict | None = None) -> dict:
    """One resume's content, display strings and truth.

    force may fix choices a template depends on: date_style, join, group, open_style, skills_style,
    links (a count), location_style, phone_style."""
    force = force or {}
    lg = lang(locale)
    pool = [p for p in PEOPLE[locale] if p not in used]
    if pool and rng.random() < 0.45:
        first, last = rng.choice(pool)
    else:
        while True:
            first, last = rng.choice(FIRST[locale]), rng.choice(LAST[locale])
            if (first, last) not in used:
                break
    used.add((first, last))
    name = first if last is None else f"{first} {last}"
    # email ---------------------------------------------------------------
    f, l = slug(first), slug(last or "")
    domains = {"en_US": ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me"],
               "en_GB": ["gmail.com", "hotmail.co.uk", "btinternet.com"],
               "fr_FR": ["gmail.com", "orange.fr", "free.fr", "laposte.net"],
               "de_DE": ["gmx.de", "web.de", "posteo.de", "gmail.com", "t-online.de"],
               "es_ES": ["gmail.com", "hotmail.es", "yahoo.es"],
               "pt_BR": ["gmail.com", "uol.com.br", "outlook.com"], "pt_PT": ["gmail.com", "sapo.pt"],
               "it_IT": ["gmail.com", "libero.it", "tiscali.it"], "nl_NL": ["gmail.com", "ziggo.nl", "kpnmail.nl"],
               "pl_PL": ["gmail.com", "wp.pl", "onet.pl", "o2.pl"]}[locale]
    dom = rng.choice(domains)
    if not l:
        email = f"{f}.work@{dom}"
    else:
        lparts = slug(last.split()[-1]) if " " in last else l
        shapes = [f"{f}.{l}@{dom}", f"{f[0]}.{l}@{dom}", f"{f}{l}{rng.randint(70, 99)}@{dom}", f"{f}_{l}@{dom}",
                  f"{f}-{lparts}@{dom}", f"hello@{f}{lparts}.dev", f"{f}.{l}+jobs@{dom}", f"{f[0]}{lparts}@{dom}",
                  f"{f.capitalize()}.{lparts.capitalize()}@{dom}", f"contact@{f}-{lparts}.{locale[-2:].lower()}"]
        email = rng.choice(shapes)
    # phone ---------------------------------------------------------------
    d = lambda n: "".join(str(rng.randint(0, 9)) for _ in range(n))  # noqa: E731
    phones = {
        "en_US": lambda: rng.choice([f"({d(3)}) 555-{d(4)}", f"{d(3)}.555.{d(4)}", f"+1 {d(3)}-555-{d(4)}",
                                     f"{d(3)}-555-{d(4)}", f"+1 ({d(3)}) 555 {d(4)}"]).replace("(0", "(4").replace("+1 0", "+1 6"),
        "en_GB": lambda: rng.choice([f"+44 20 7946 {d(4)}", f"07700 900{d(3)}", f"0044 7700 900 {d(3)}",
                                     f"+44 (0)7700 900{d(3)}"]),
        "fr_FR": lambda: rng.choice([f"06 {d(2)} {d(2)} {d(2)} {d(2)}", f"+33 6 {d(2)} {d(2)} {d(2)} {d(2)}",
                                     f"07.{d(2)}.{d(2)}.{d(2)}.{d(2)}", f"0033 6 {d(2)} {d(2)} {d(2)} {d(2)}"]),
        "de_DE": lambda: rng.choice([f"+49 30 {d(8)}", f"0151 {d(8)}", f"+49 (0)170 {d(3)} {d(4)}",
                                     f"0176/{d(8)}", f"+49 221 {d(3)}-{d(4)}"]),
        "es_ES": lambda: rng.choice([f"+34 6{d(2)} {d(3)} {d(3)}", f"6{d(2)} {d(2)} {d(2)} {d(2)}", f"(+34) 6{d(8)}"]),
        "pt_BR": lambda: rng.choice([f"+55 11 9{d(4)}-{d(4)}", f"(31) 9{d(4)}-{d(4)}", f"+55 (41) 9{d(4)}-{d(4)}"]),
        "pt_PT": lambda: rng.choice([f"+351 912 {d(3)} {d(3)}", f"93 {d(3)} {d(4)}", f"00351 96 {d(3)} {d(4)}"]),
        "it_IT": lambda: rng.choice([f"+39 347 {d(3)} {d(4)}", f"347-{d(7)}", f"+39 02 {d(4)} {d(4)}", f"333.{d(3)}.{d(4)}"]),
        "nl_NL": lambda: rng.choice([f"+31 6 {d(8)}", f"06-{d(8)}", f"0031 (0)6 {d(4)} {d(4)}", f"+31 (0)20 {d(3)} {d(4)}"]),
        "pl_PL": lambda: rng.choice([f"+48 5{d(2)} {d(3)} {d(3)}", f"5{d(2)}-{d(3)}-{d(3)}", f"0048 6{d(2)} {d(3)} {d(3)}",
                                     f"+48 (12) {d(3)} {d(2)} {d(2)}"]),
    }
    phone = phones[locale]()
    # location ------------------------------------------------------------
    city, region = rng.choice(CITIES[locale])
    lstyle = force.get("location_style") or rng.choice(["comma", "comma", "paren", "comma_paren", "city", "comma"])
    if lstyle == "paren":
        location_display, location_truth = f"{city} ({region})", f"{city}, {region}"
    elif lstyle == "comma_paren":
        location_display, location_truth = f"{city}, ({region})", f"{city}, {region}"
    elif lstyle == "city":
        location_display, location_truth = city, city
    else:
        location_display, location_truth = f"{city}, {region}", f"{city}, {region}"
    # links ---------------------------------------------------------------
    handle = rng.choice([f"{f}{l}", f"{f}-{l}", f"{f[0]}{l}", f"{f}{l}{rng.randint(1, 99)}"]) if l else f"{f}{rng.randint(10, 99)}"
    options = [rng.choice([f"linkedin.com/in/{handle}", f"https://www.linkedin.com/in/{handle}", f"www.linkedin.com/in/{handle}/",
                           f"https://linkedin.com/in/{handle}"]),
               rng.choice([f"github.com/{handle}", f"https://github.com/{handle}"]),
               rng.choice([f"{f}{l}.dev", f"https://{f}{l}.com", f"www.{f}-{l}.net", f"{handle}.github.io"])]
    nlinks = force.get("links", rng.choice([0, 1, 1, 2, 2, 2, 3]))
    links = options[:nlinks] if nlinks < 3 else options
    if nlinks == 1 and rng.random() < 0.3:
        links = [options[2]]
    # jobs ----------------------------------------------------------------
    title_pool = TITLES[lg]
    n_jobs = rng.randint(*jobs)
    date_style = force.get("date_style") or rng.choice(DATE_STYLES[lg])
    open_style = force.get("open_style") or rng.choice(["word", "word", "word", "dash", "since"])
    if date_style == "year" and open_style == "since":
        open_style = "word"
    present_word = rng.choice(PRESENT[lg])
    sep = rng.choice([" – ", " - ", " — ", " – ", "–", " to "] if lg == "en" else [" – ", " - ", " — ", " – "])
    if date_style in ("yyyy-mm",) and sep == "–":
        sep = " – "
    join = force.get("join") or rng.choice(["at", "comma", "company_first", "lines_title", "lines_company", "pipe"])
    with_duration = force.get("duration", rng.random() < 0.25)
    sublabel = rng.choice(SUBLABELS[lg]) if force.get("sublabel", rng.random() < 0.3) else None
    group = force.get("group", rng.random() < 0.3) and n_jobs >= 2
    companies = rng.sample(COMPANIES[lg], k=n_jobs)
    titles = rng.sample(title_pool, k=min(len(title_pool), n_jobs + 1))
    roles = []
    end = None if rng.random() < 0.75 else (TODAY[0] - rng.randint(0, 1), rng.randint(1, 9))
    for i in range(n_jobs):
        months = rng.randint(10, 46)
        e = end or TODAY
        sm = e[0] * 12 + e[1] - 1 - months
        start = (sm // 12, sm % 12 + 1)
        roles.append({"company": companies[i], "title": titles[i], "start": start, "end": end,
                      "city": rng.choice(CITIES[locale])[0]})
        gm = e[0] * 12 + e[1] - 1 - months - rng.choice([0, 0, 1, 2, 4])
        end = (gm // 12, gm % 12 + 1)
    if group:  # second role is a promotion at the first company
        roles[1]["company"] = roles[0]["company"]
        roles[1]["city"] = roles[0]["city"]
        e0 = roles[0]["start"]
        em = e0[0] * 12 + e0[1] - 2
        roles[1]["end"] = (em // 12, em % 12 + 1)
        if roles[1]["end"] <= roles[1]["start"]:
            sm = em - 14
            roles[1]["start"] = (sm // 12, sm % 12 + 1)
    domain = domain_of(roles[0]["title"])
    bl = BULLETS["care"] if (domain == "care" and lg == "en") else BULLETS[lg]
    for r in roles:
        r["bullets"] = rng.sample(bl, k=min(len(bl), rng.randint(2, 4) + (3 if long else 0)))

    def fdate(d):
        return fmt_month(d[0], d[1], date_style, lg)

    def frange(r):
        if r["end"] is None:
            if open_style == "dash":
                return f"{fdate(r['start'])} —"
            if open_style == "since":
                return f"{SINCE[lg]} {fdate(r['start'])}"
            return f"{fdate(r['start'])}{sep}{present_word}"
        return f"{fdate(r['start'])}{sep}{fdate(r['end'])}"

    for r in roles:
        r["dates"] = frange(r)
        r["start_disp"] = fdate(r["start"])
        r["end_disp"] = present_word if r["end"] is None else fdate(r["end"])
        r["duration"] = duration(r["start"], r["end"], lg, rng) if with_duration else None
        t, c = r["title"], r["company"]
        r["line1"], r["line2"] = {
            "at": (f"{t} {AT[lg]} {c}", None), "comma": (f"{t}, {c}", None), "company_first": (f"{c} — {t}", None),
            "pipe": (f"{t} | {c}", None), "lines_title": (t, c), "lines_company": (c, t)}[join]
        r["sublabel"] = sublabel
    groups = []
    for r in roles:
        if groups and group and groups[-1]["company"] == r["company"]:
            groups[-1]["roles"].append(r)
        else:
            groups.append({"company": r["company"], "city": r["city"], "roles": [r]})
    for g in groups:
        g["grouped"] = len(g["roles"]) > 1
        if g["grouped"]:
            for r in g["roles"]:  # under a company heading a role shows its title only
                r["line1"], r["line2"] = r["title"], None
            first_s = min(r["start"] for r in g["roles"])
            g["dates"] = f"{fdate(first_s)}{sep}{g['roles'][0]['end_disp'] if g['roles'][0]['end'] else present_word}"
    # education -----------------------------------------------------------
    school_key = locale if locale in SCHOOLS else lg
    n_edu = rng.choice([1, 1, 2, 2]) if not long else 2
    schools = rng.sample(SCHOOLS[school_key], k=n_edu)
    edu = []
    ey = roles[-1]["start"][0] - rng.choice([0, 0, 1])
    edu_style = rng.choice(["years", "end", "monthyear"])
    for i, s in enumerate(schools):
        deg = rng.choice(DEGREES[lg]) if (i == 0 or rng.random() < 0.7) else None
        if force.get("no_degree") and i == n_edu - 1:
            deg = None
        sy = ey - rng.choice([2, 3, 4])
        if edu_style == "years":
            disp, truth_end = f"{sy}{sep}{ey}", str(ey)
        elif edu_style == "end":
            disp, truth_end = str(ey), str(ey)
        else:
            disp, truth_end = f"{fmt_month(sy, 9, date_style if date_style != 'year' else 'mon', lg)}{sep}" \
                              f"{fmt_month(ey, 6, date_style if date_style != 'year' else 'mon', lg)}", \
                              f"{ey}-06"
        edu.append({"institution": s, "degree": deg, "dates": disp, "end": truth_end,
                    "city": rng.choice(CITIES[locale])[0]})
        ey = sy - rng.choice([0, 1])
    # skills --------------------------------------------------------------
    groups_src = SKILL_GROUPS[domain]
    ngroups = rng.randint(2, len(groups_src))
    skill_groups = []
    for label, items in rng.sample(groups_src, k=ngroups):
        if lg != "en":
            label = CATEGORY_L10N[lg].get(label, label)
        skill_groups.append({"label": label, "items": rng.sample(items, k=min(len(items), rng.randint(3, 5)))})
    skills_style = force.get("skills_style") or rng.choice(["comma", "bullets", "dot", "pipe", "labelled", "labelled_dot"])
    skills_flat = [s for g in skill_groups for s in g["items"]]
    # remove duplicates across groups (e.g. Power BI in Tools and Software)
    seen, dedup = set(), []
    for g in skill_groups:
        g["items"] = [s for s in g["items"] if not (s in seen or seen.add(s))]
    skills_flat = [s for g in skill_groups for s in g["items"]]
    del dedup
    # extras --------------------------------------------------------------
    years = TODAY[0] - roles[-1]["start"][0]
    summary = rng.choice(SUMMARIES[lg]).format(role=roles[0]["title"], n=years)
    spoken = rng.sample(SPOKEN[lg], k=rng.randint(2, 3))
    interests = rng.sample(INTERESTS[lg], k=3)
    projects = PROJECTS["en"] if lg == "en" else PROJECTS["x"]
    projects = rng.sample(projects, k=2)
    certs = rng.sample(CERTS, k=rng.randint(1, 3))
    h = {k: rng.choice(v) for k, v in HEADINGS[lg].items()}
    truth_exp = [{"company": r["company"], "title": r["title"], "start": mm(r["start"], date_style),
                  "end": mm(r["end"], date_style)} for r in roles]
    return {
        "locale": locale, "lang": lg, "name": name, "first": first, "last": last, "email": email, "phone": phone,
        "location": location_display, "links": links, "summary": summary, "groups": groups, "roles": roles,
        "education": edu, "skill_groups": skill_groups, "skills": skills_flat, "skills_style": skills_style,
        "spoken": spoken, "interests": interests, "projects": projects, "certs": certs, "h": h,
        "sublabel": sublabel, "join": join, "date_style": date_style, "open_style": open_style,
        "truth": {"locale": locale, "name": name, "email": email, "phone": phone, "location": location_truth,
                  "links": list(links), "skills": list(skills_flat), "experience": truth_exp,
                  "education": [{"institution": e["institution"], "degree": e["degree"], "end": e["end"]} for e in edu]},
    }


def skills_line(p: dict, style: str | None = None) -> list[str]:
    """The skills as lines of text for templates that print them as text."""
    style = style or p["skills_style"]
    gs = p["skill_groups"]
    if style == "comma":
        return [", ".join(p["skills"])]
    if style == "dot":
        return [" · ".join(p["skills"])]
    if style == "pipe":
        return [" | ".join(p["skills"])]
    if style == "labelled":
        return [f"{g['label']}: {', '.join(g['items'])}" for g in gs]
    if style == "labelled_dot":
        return [f"{g['label']}: {' · '.join(g['items'])}" for g in gs]
    return list(p["skills"])  # bullets: one per line
