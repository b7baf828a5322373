#!/usr/bin/env python3
"""Generate an independent set of unseen test resumes (PDF + truth JSON, shared corpus format).

    python tests/corpora/unseen/make_unseen.py [--out tests/corpora/unseen] [--n 48] [--keep-sources]

Written without looking at the rules parser, by a different hand from tests/resumes: other
producers (fpdf2 directly; python-docx and HTML converted by LibreOffice, i.e. Word-like
output) and other layouts:

  centered      centred header, document title, contact on one separated line, ruled headings
  europass      two-column grid: dates/labels in a narrow left column, content on the right
  sidebar_fill  filled sidebar (left or right, drawn before or after the main column)
  header_flush  name left, contact lines flush right on the same lines; spaced-out headings
  multipage     two or three pages with a running header and page footer
  word_tabs     LibreOffice from .docx: Title/Heading styles, dates on a right tab stop
  word_table    LibreOffice from .docx: the whole page is a borderless two-column table
  html_table    LibreOffice from .html: experience as a dates | role table, lists

Truth is what a careful human reader would extract. Where a field is ambiguous it is left out
(None) rather than guessed. Deterministic (seeded).
"""
from __future__ import annotations

import argparse
import html
import json
import random
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import phonenumbers

HERE = Path(__file__).resolve().parent
FONT_DIR = Path("/usr/share/fonts/truetype")

# ---------------------------------------------------------------- locale data

HEADINGS = {
    "en": dict(
        experience=["Work History", "Career History", "Employment", "Professional Experience",
                    "Employment History", "Relevant Experience", "Experience", "Work Experience"],
        education=["Education", "Education & Training", "Academic Background", "Education and Qualifications"],
        skills=["Skills", "Core Competencies", "Technical Skills", "Expertise", "Key Skills", "Tools & Technologies"],
        languages=["Languages"], summary=["Profile", "Summary", "About Me", "Professional Summary"],
        contact=["Contact", "Contact Details", "Personal Details"]),
    "de": dict(
        experience=["Berufserfahrung", "Beruflicher Werdegang", "Berufliche Stationen", "Praxiserfahrung"],
        education=["Ausbildung", "Bildungsweg", "Studium", "Schul- und Hochschulbildung"],
        skills=["Kenntnisse", "Fähigkeiten", "IT-Kenntnisse", "Kompetenzen", "Fachkenntnisse"],
        languages=["Sprachen", "Sprachkenntnisse"], summary=["Profil", "Über mich", "Kurzprofil"],
        contact=["Kontakt", "Persönliche Daten"]),
    "fr": dict(
        experience=["Expérience professionnelle", "Parcours professionnel", "Expériences professionnelles"],
        education=["Formation", "Diplômes", "Formation et diplômes"],
        skills=["Compétences", "Compétences techniques", "Savoir-faire"],
        languages=["Langues"], summary=["Profil", "À propos"], contact=["Coordonnées", "Contact"]),
    "es": dict(
        experience=["Experiencia laboral", "Experiencia profesional", "Trayectoria profesional"],
        education=["Formación", "Educación", "Formación académica"],
        skills=["Habilidades", "Competencias", "Conocimientos"],
        languages=["Idiomas"], summary=["Perfil", "Sobre mí"], contact=["Contacto", "Datos personales"]),
    "pt": dict(
        experience=["Experiência profissional", "Histórico profissional", "Experiência"],
        education=["Formação", "Formação acadêmica", "Educação"],
        skills=["Competências", "Habilidades", "Conhecimentos"],
        languages=["Idiomas", "Línguas"], summary=["Perfil", "Resumo"], contact=["Contato", "Contactos"]),
    "it": dict(
        experience=["Esperienza lavorativa", "Esperienze professionali", "Esperienza professionale"],
        education=["Istruzione", "Formazione", "Istruzione e formazione"],
        skills=["Competenze", "Competenze tecniche", "Capacità"],
        languages=["Lingue"], summary=["Profilo"], contact=["Contatti", "Dati personali"]),
    "nl": dict(
        experience=["Werkervaring", "Loopbaan"], education=["Opleiding", "Opleidingen"],
        skills=["Vaardigheden", "Competenties"], languages=["Talen"], summary=["Profiel"],
        contact=["Contactgegevens"]),
    "pl": dict(
        experience=["Doświadczenie zawodowe", "Przebieg kariery"], education=["Wykształcenie"],
        skills=["Umiejętności"], languages=["Języki"], summary=["Profil"], contact=["Kontakt", "Dane osobowe"]),
    "ru": dict(
        experience=["Опыт работы"], education=["Образование"], skills=["Навыки", "Ключевые навыки"],
        languages=["Языки"], summary=["О себе"], contact=["Контакты"]),
    "el": dict(
        experience=["Επαγγελματική εμπειρία", "Εργασιακή εμπειρία"], education=["Εκπαίδευση", "Σπουδές"],
        skills=["Δεξιότητες"], languages=["Γλώσσες"], summary=["Προφίλ"], contact=["Επικοινωνία"]),
}

MONTHS = {
    "en": (["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
           ["January", "February", "March", "April", "May", "June", "July", "August", "September",
            "October", "November", "December"]),
    "de": (["Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."],
           ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
            "November", "Dezember"]),
    "fr": (["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
           ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
            "novembre", "décembre"]),
    "es": (["ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "sept.", "oct.", "nov.", "dic."],
           ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
            "noviembre", "diciembre"]),
    "pt": (["jan.", "fev.", "mar.", "abr.", "mai.", "jun.", "jul.", "ago.", "set.", "out.", "nov.", "dez."],
           ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
            "novembro", "dezembro"]),
    "it": (["gen.", "feb.", "mar.", "apr.", "mag.", "giu.", "lug.", "ago.", "set.", "ott.", "nov.", "dic."],
           ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
            "ottobre", "novembre", "dicembre"]),
    "nl": (["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
           ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
            "november", "december"]),
}

PRESENT = {
    "en": ["Present", "Current", "now", "to date", "Today"], "de": ["heute", "aktuell", "jetzt"],
    "fr": ["aujourd'hui", "présent", "en cours"], "es": ["actualidad", "presente"],
    "pt": ["atual", "presente", "o momento"], "it": ["oggi", "presente", "in corso"],
    "nl": ["heden", "nu"], "pl": ["obecnie"], "ru": ["н.в.", "настоящее время"], "el": ["σήμερα", "σήμερα"],
}
SINCE = {"en": "Since", "de": "seit", "fr": "depuis", "es": "desde"}
AT = {"en": "at", "de": "bei", "fr": "chez"}
DOC_TITLE = {"en": ["Curriculum Vitae", "Resume", "CV", "Résumé"], "de": ["Lebenslauf", "Curriculum Vitae"],
             "fr": ["Curriculum Vitae", "CV"], "es": ["Currículum Vitae", "CV"], "pt": ["Currículo"],
             "it": ["Curriculum Vitae"], "nl": ["Curriculum Vitae"], "pl": ["Życiorys", "CV"],
             "ru": ["Резюме"], "el": ["Βιογραφικό σημείωμα"]}
LABELS = {
    "en": dict(email=["Email", "E-mail"], phone=["Phone", "Mobile", "Tel."], loc=["Location", "Address"]),
    "de": dict(email=["E-Mail"], phone=["Telefon", "Mobil", "Tel."], loc=["Wohnort", "Adresse"]),
    "fr": dict(email=["E-mail", "Courriel"], phone=["Téléphone", "Tél."], loc=["Adresse"]),
    "es": dict(email=["Correo", "Email"], phone=["Teléfono", "Móvil"], loc=["Dirección", "Ciudad"]),
    "pt": dict(email=["E-mail"], phone=["Telefone", "Celular"], loc=["Endereço", "Cidade"]),
    "it": dict(email=["E-mail"], phone=["Telefono", "Cellulare"], loc=["Indirizzo", "Città"]),
    "nl": dict(email=["E-mail"], phone=["Telefoon", "Mobiel"], loc=["Woonplaats"]),
    "pl": dict(email=["E-mail"], phone=["Telefon"], loc=["Adres"]),
    "ru": dict(email=["Эл. почта", "E-mail"], phone=["Телефон"], loc=["Город"]),
    "el": dict(email=["Email"], phone=["Τηλέφωνο"], loc=["Διεύθυνση"]),
}
SPOKEN = {"en": ["English (native)", "Spanish (B2)", "German – conversational", "French: fluent"],
          "de": ["Deutsch (Muttersprache)", "Englisch (C1)", "Französisch – Grundkenntnisse"],
          "fr": ["Français (langue maternelle)", "Anglais (courant)", "Espagnol (B1)"],
          "es": ["Español (nativo)", "Inglés (C1)", "Francés (B1)"],
          "pt": ["Português (nativo)", "Inglês (avançado)", "Espanhol (intermediário)"],
          "it": ["Italiano (madrelingua)", "Inglese (C1)", "Tedesco (A2)"],
          "nl": ["Nederlands (moedertaal)", "Engels (vloeiend)", "Duits (goed)"],
          "pl": ["Polski (ojczysty)", "Angielski (C1)"], "ru": ["Русский (родной)", "Английский (B2)"],
          "el": ["Ελληνικά (μητρική)", "Αγγλικά (C2)"]}

LOCALES = {
    "en_US": dict(lang="en", region="US", cities=["Columbus, OH", "Sacramento, CA", "Madison, WI", "Tucson, AZ"],
                  first=["Avery", "Jordan", "Keisha", "Raúl", "Siobhan", "Nathaniel", "Mei-Ling", "Darnell"],
                  last=["Thornbury", "Vasquez-Reyes", "Lindqvist", "Okonkwo", "Hargreaves", "DeLuca", "Whitaker"],
                  mail=["gmail.com", "outlook.com", "icloud.com", "proton.me"]),
    "en_GB": dict(lang="en", region="GB", cities=["Manchester, UK", "Cardiff, UK", "Edinburgh, Scotland"],
                  first=["Rhiannon", "Callum", "Imogen", "Seán", "Aoife", "Rupert"],
                  last=["Fairbrother", "Ó Briain", "Pemberton", "Llewellyn", "Ashdown"],
                  mail=["btinternet.com", "gmail.com", "outlook.com"]),
    "en_IN": dict(lang="en", region="IN", cities=["Pune, India", "Bengaluru, Karnataka", "Hyderabad, India"],
                  first=["Ananya", "Vikram", "Lakshmi", "Arjun"], last=["Subramanian", "Chatterjee", "Deshpande"],
                  mail=["gmail.com", "rediffmail.com"]),
    "en_AU": dict(lang="en", region="AU", cities=["Brisbane, QLD", "Hobart, TAS", "Perth, WA"],
                  first=["Lachlan", "Matilda", "Nguyễn Thị", "Harrison"], last=["McKenzie", "Trần", "Fitzgerald"],
                  mail=["bigpond.com", "gmail.com"]),
    "de_DE": dict(lang="de", region="DE", cities=["Freiburg, DE", "Dresden, Deutschland", "Nürnberg, Bayern"],
                  first=["Jörg", "Friederike", "Maximilian", "Sünje", "Klaus-Dieter"],
                  last=["Oberhäuser", "Meißner", "von Bredow", "Kühnle", "Straßburger"],
                  mail=["web.de", "gmx.de", "posteo.de", "t-online.de"]),
    "de_AT": dict(lang="de", region="AT", cities=["Graz, Österreich", "Linz, AT"], first=["Ingrid", "Florian"],
                  last=["Pichler", "Hofbauer"], mail=["gmx.at", "aon.at"]),
    "fr_FR": dict(lang="fr", region="FR", cities=["Toulouse, France", "Grenoble, FR", "Rennes, Bretagne"],
                  first=["Gaëlle", "Benoît", "Maëlys", "Hervé", "Solène"],
                  last=["Lemaître", "Desrosiers", "de Villeneuve", "Bérard"],
                  mail=["orange.fr", "free.fr", "laposte.net"]),
    "es_ES": dict(lang="es", region="ES", cities=["Valencia, España", "Bilbao, ES", "Granada, Andalucía"],
                  first=["Íñigo", "María José", "Begoña", "Álvaro"], last=["Etxeberria", "Núñez Ortega", "Gallardo"],
                  mail=["gmail.com", "yahoo.es", "telefonica.net"]),
    "es_MX": dict(lang="es", region="MX", cities=["Guadalajara, Jalisco", "Monterrey, NL"],
                  first=["Ximena", "Joaquín"], last=["Cervantes Ríos", "Villaseñor"], mail=["hotmail.com"]),
    "pt_BR": dict(lang="pt", region="BR", cities=["Belo Horizonte, MG", "Porto Alegre, RS", "Salvador, BA"],
                  first=["Thiago", "Luíza", "Conceição", "Caio"], last=["Gonçalves", "Araújo", "Magalhães"],
                  mail=["uol.com.br", "gmail.com"]),
    "it_IT": dict(lang="it", region="IT", cities=["Verona, Italia", "Bari, IT", "Firenze, Toscana"],
                  first=["Niccolò", "Ginevra", "Pierluigi"], last=["Dell'Acqua", "Ferraresi", "Lo Presti"],
                  mail=["libero.it", "tiscali.it", "gmail.com"]),
    "nl_NL": dict(lang="nl", region="NL", cities=["Utrecht, NL", "Eindhoven, Nederland"],
                  first=["Sanne", "Joost", "Femke"], last=["van den Heuvel", "de Jong", "Bakker"],
                  mail=["ziggo.nl", "kpnmail.nl"]),
    "pl_PL": dict(lang="pl", region="PL", cities=["Wrocław, Polska", "Gdańsk, PL", "Łódź, PL"],
                  first=["Łukasz", "Małgorzata", "Zbigniew"], last=["Wiśniewski", "Dąbrowska", "Szczęsny"],
                  mail=["wp.pl", "onet.pl", "o2.pl"]),
    "ru_RU": dict(lang="ru", region="RU", cities=["Новосибирск, Россия", "Казань, РФ"],
                  first=["Дмитрий", "Екатерина", "Алексей"], last=["Соколов", "Кузнецова", "Волков"],
                  mail=["mail.ru", "yandex.ru"]),
    "el_GR": dict(lang="el", region="GR", cities=["Θεσσαλονίκη, Ελλάδα", "Αθήνα, GR"],
                  first=["Αλέξανδρος", "Ελένη", "Νικόλαος"], last=["Παπαδόπουλος", "Κωνσταντίνου", "Γεωργίου"],
                  mail=["gmail.com", "otenet.gr"]),
}
SINGLE_NAMES = ["Wirawan", "Suharti", "Ariunaa"]
TRANSLIT = {"Дмитрий": "dmitry", "Екатерина": "ekaterina", "Алексей": "alexey", "Соколов": "sokolov",
            "Кузнецова": "kuznetsova", "Волков": "volkov", "Αλέξανδρος": "alexandros", "Ελένη": "eleni",
            "Νικόλαος": "nikolaos", "Παπαδόπουλος": "papadopoulos", "Κωνσταντίνου": "konstantinou",
            "Γεωργίου": "georgiou"}

COMPANIES = {
    "en": ["Brightline Analytics", "Harbor & Finch LLP", "Quillstone Software", "Redwater Logistics Inc.",
           "Northgate Health Partners", "Copperleaf Systems", "Bluefin Robotics Ltd", "Marlow Creative Group",
           "Tidewell Energy", "Kestrel Payments", "Oakhurst Consulting", "Pinecrest Bank"],
    "de": ["Alpenglück Software GmbH", "Rheinwerk Logistik AG", "Mühlbauer & Söhne KG", "Nordlicht Energie GmbH",
           "Datenfabrik Berlin GmbH", "Schwarzwald Medizintechnik AG", "Isarwerke GmbH"],
    "fr": ["Atelier Lumière SAS", "Groupe Vauban Conseil", "Océane Numérique", "Société Lyonnaise d'Études",
           "Bastide Informatique SARL", "Crédit du Rhône"],
    "es": ["Grupo Alcázar S.L.", "Soluciones Mediterráneo S.A.", "Tecnologías Cantábrico", "Banco del Turia",
           "Estudio Albaicín"],
    "pt": ["Ipê Tecnologia Ltda.", "Grupo Ribeira S.A.", "Cajueiro Digital", "Banco Sertão"],
    "it": ["Officine Ligure S.p.A.", "Studio Brunelleschi S.r.l.", "Vesuvio Dati", "Banca Adriatica"],
    "nl": ["Polderdata B.V.", "Grachtenhuis Media", "Zuiderzee Logistiek"],
    "pl": ["Wisła Systemy Sp. z o.o.", "Bałtyk Software S.A.", "Mazowsze Dane"],
    "ru": ["ООО «Северный код»", "Яндекс", "АО «Волга Телеком»"],
    "el": ["Αιγαίο Λογισμικό Α.Ε.", "Olympia Data S.A.", "Πειραιώς Συστήματα"],
}
TITLES = {
    "en": ["Senior Backend Engineer", "Data Analyst", "Product Manager", "UX Researcher", "Site Reliability Engineer",
           "Marketing Coordinator", "Financial Controller", "QA Lead", "Solutions Architect", "Customer Success Manager",
           "Junior Developer", "Head of Operations"],
    "de": ["Softwareentwicklerin", "Projektleiter", "Teamleiter IT-Infrastruktur", "Werkstudent Data Science",
           "Systemadministrator", "Vertriebsingenieur", "Backend-Entwickler"],
    "fr": ["Chef de projet", "Ingénieure logiciel", "Développeur full-stack", "Responsable marketing",
           "Analyste financier", "Consultant SAP"],
    "es": ["Ingeniera de datos", "Jefe de proyecto", "Desarrollador backend", "Analista de sistemas",
           "Responsable de calidad"],
    "pt": ["Analista de Sistemas", "Desenvolvedor Java", "Gerente de Projetos", "Engenheira de Dados"],
    "it": ["Sviluppatore Backend", "Project Manager", "Analista Funzionale", "Ingegnere del Software"],
    "nl": ["Softwareontwikkelaar", "Projectleider", "Data-analist"],
    "pl": ["Programista Python", "Kierownik projektu", "Analityk danych"],
    "ru": ["Ведущий разработчик", "Аналитик данных", "Руководитель проектов"],
    "el": ["Μηχανικός λογισμικού", "Αναλυτής δεδομένων", "Υπεύθυνος έργου"],
}
INSTITUTIONS = {
    "en": ["University of Michigan", "Imperial College London", "Arizona State University", "University of Leeds",
           "Indian Institute of Technology Bombay", "University of Queensland", "Rice University"],
    "de": ["Technische Universität Dresden", "Universität Mannheim", "Hochschule München", "Universität Wien"],
    "fr": ["Université Grenoble Alpes", "INSA Lyon", "École Centrale de Nantes", "Sorbonne Université"],
    "es": ["Universidad Politécnica de Valencia", "Universidad de Deusto", "Universidad de Guadalajara"],
    "pt": ["Universidade Federal de Minas Gerais", "Universidade de São Paulo", "PUC-Rio"],
    "it": ["Politecnico di Torino", "Università di Bologna", "Università degli Studi di Padova"],
    "nl": ["Technische Universiteit Eindhoven", "Universiteit Utrecht"],
    "pl": ["Politechnika Wrocławska", "Uniwersytet Gdański"],
    "ru": ["Новосибирский государственный университет", "МГТУ им. Н. Э. Баумана"],
    "el": ["Αριστοτέλειο Πανεπιστήμιο Θεσσαλονίκης", "Εθνικό Μετσόβιο Πολυτεχνείο"],
}
DEGREES = {
    "en": ["BSc Computer Science", "MA Economics", "Bachelor of Commerce", "MEng Mechanical Engineering",
           "B.Tech Electronics", "MBA"],
    "de": ["M.Sc. Informatik", "B.A. Betriebswirtschaftslehre", "Diplom-Ingenieur Maschinenbau"],
    "fr": ["Master Informatique", "Diplôme d'ingénieur", "Licence Économie"],
    "es": ["Grado en Ingeniería Informática", "Máster en Finanzas", "Licenciatura en Administración"],
    "pt": ["Bacharelado em Ciência da Computação", "Mestrado em Engenharia"],
    "it": ["Laurea Magistrale in Ingegneria Informatica", "Laurea Triennale in Economia"],
    "nl": ["MSc Data Science", "Bachelor Bedrijfskunde"], "pl": ["Magister inżynier informatyki", "Licencjat z ekonomii"],
    "ru": ["Магистр, прикладная математика", "Бакалавр, информатика"],
    "el": ["Πτυχίο Πληροφορικής", "Μεταπτυχιακό στη Διοίκηση"],
}
SKILLS = ["Python", "SQL", "Kubernetes", "Terraform", "React", "TypeScript", "Power BI", "Tableau", "SAP S/4HANA",
          "Excel", "Figma", "Jira", "Go", "Rust", "Java", "Spring Boot", "PostgreSQL", "Kafka", "Airflow",
          "Stakeholder Management", "Budgeting", "Agile/Scrum", "A/B Testing", "Google Analytics", "C#", ".NET",
          "Node.js", "Docker", "AWS", "Azure", "Machine Learning", "Pandas", "Salesforce", "Negotiation", "SEO",
          "Adobe Illustrator", "Linux", "Git", "GraphQL", "Snowflake", "dbt", "Ansible", "Selenium", "Swift"]
SKILL_GROUPS = {"en": ["Languages", "Frameworks", "Tools", "Cloud", "Data"],
                "de": ["Programmiersprachen", "Werkzeuge", "Datenbanken"], "fr": ["Langages", "Outils", "Bases de données"],
                "es": ["Lenguajes", "Herramientas"], "pt": ["Linguagens", "Ferramentas"], "it": ["Linguaggi", "Strumenti"],
                "nl": ["Talen", "Tools"], "pl": ["Języki", "Narzędzia"], "ru": ["Языки", "Инструменты"],
                "el": ["Γλώσσες", "Εργαλεία"]}
SUMMARY = {
    "en": "Hands-on professional with {n} years of experience; most recently worked with {a} and {b} on "
          "customer-facing products, and I enjoy mentoring and cross-team work.",
    "de": "Erfahrene Fachkraft mit {n} Jahren Berufserfahrung, zuletzt mit {a} und {b} in agilen Teams.",
    "fr": "Professionnel avec {n} ans d'expérience, travaillant récemment avec {a} et {b} au sein d'équipes agiles.",
    "es": "Profesional con {n} años de experiencia; últimamente he trabajado con {a} y {b} en equipos ágiles.",
    "pt": "Profissional com {n} anos de experiência, trabalhando recentemente com {a} e {b}.",
    "it": "Professionista con {n} anni di esperienza, di recente con {a} e {b} in team agili.",
    "nl": "Professional met {n} jaar ervaring, recent met {a} en {b}.",
    "pl": "Specjalista z {n}-letnim doświadczeniem, ostatnio pracujący z {a} i {b}.",
    "ru": "Специалист с опытом {n} лет, в последнее время работаю с {a} и {b}.",
    "el": "Επαγγελματίας με {n} χρόνια εμπειρίας, πρόσφατα με {a} και {b}.",
}
BULLETS = {
    "en": ["Cut monthly reporting time by 40% by automating the data pipeline",
           "Led a team of 6 across two time zones and hired 3 engineers",
           "Negotiated supplier contracts worth 1.2M per year",
           "Migrated 30 services to a new platform without downtime",
           "Introduced code review guidelines adopted by the whole department"],
    "de": ["Einführung eines automatisierten Reportings (Zeitersparnis 40 %)",
           "Leitung eines Teams von 5 Mitarbeitenden", "Migration von 20 Anwendungen in die Cloud"],
    "fr": ["Pilotage d'une équipe de 4 personnes", "Réduction des coûts d'infrastructure de 25 %",
           "Mise en place d'une chaîne d'intégration continue"],
    "es": ["Coordinación de un equipo de 6 personas", "Reducción del tiempo de entrega en un 30 %",
           "Implantación de pruebas automatizadas"],
    "pt": ["Liderança de equipe com 5 pessoas", "Redução de custos operacionais em 20%"],
    "it": ["Gestione di un team di 4 persone", "Riduzione dei tempi di rilascio del 35%"],
    "nl": ["Leiding aan een team van 5 collega's", "Doorlooptijd met 30% verkort"],
    "pl": ["Kierowanie zespołem 5 osób", "Skrócenie czasu wdrożeń o 30%"],
    "ru": ["Руководство командой из 5 человек", "Сокращение времени релиза на 30%"],
    "el": ["Διαχείριση ομάδας 5 ατόμων", "Μείωση κόστους κατά 20%"],
}

# ---------------------------------------------------------------- the person


def ascii_fold(s: str) -> str:
    for k, v in TRANSLIT.items():
        s = s.replace(k, v)
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return "".join(c for c in s.lower() if c.isalnum() or c in " -.")


def make_phone(rng: random.Random, region: str) -> str:
    """A number phonenumbers accepts as valid for the region, written in one of many styles."""
    cc = phonenumbers.country_code_for_region(region)
    ex = phonenumbers.example_number_for_type(region, rng.choice(
        [phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE]))
    nsn = str(ex.national_number)
    for _ in range(500):
        keep = rng.randint(1, min(3, len(nsn) - 4))
        cand = nsn[:keep] + "".join(str(rng.randint(0, 9)) for _ in range(len(nsn) - keep))
        num = phonenumbers.parse(f"+{cc}{cand}")
        if phonenumbers.is_valid_number(num):
            break
    else:
        num = ex
    intl = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    nat = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.NATIONAL)
    e164 = phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
    styles = [intl, intl, nat, e164, intl.replace(" ", "-"), intl.replace(" ", ".", 2)]
    if nat.startswith("0"):
        styles.append(f"+{cc} (0){nat[1:]}")
        styles.append(f"00{cc} {nat[1:]}")
    return rng.choice(styles)


def fmt_date(ym: tuple[int, int] | None, style: str, lang: str, rng: random.Random, is_end=False) -> str:
    if ym is None:
        return rng.choice(PRESENT[lang]) if lang in PRESENT else "Present"
    y, m = ym
    short, full = MONTHS.get(lang, MONTHS["en"])
    return {
        "mon": f"{short[m - 1]} {y}", "mon_dot": f"{short[m - 1].rstrip('.')}. {y}" if lang == "en" else f"{short[m - 1]} {y}",
        "month": f"{full[m - 1]} {y}", "mm/yyyy": f"{m:02d}/{y}", "yyyy.mm": f"{y}.{m:02d}",
        "mm.yyyy": f"{m:02d}.{y}", "yyyy-mm": f"{y}-{m:02d}", "yyyy": f"{y}", "yyyy/mm": f"{y}/{m:02d}",
    }[style]


def truth_date(ym, style):
    if ym is None:
        return "present"
    return f"{ym[0]}" if style == "yyyy" else f"{ym[0]}-{ym[1]:02d}"


class Person:
    def __init__(self, rng: random.Random, locale: str, idx: int):
        self.rng, self.locale = rng, locale
        L = LOCALES[locale]
        self.lang = lang = L["lang"]
        if idx % 13 == 5:
            self.name = SINGLE_NAMES[idx // 13 % len(SINGLE_NAMES)]
        else:
            self.name = f"{rng.choice(L['first'])} {rng.choice(L['last'])}"
        handle = ascii_fold(self.name).replace(" ", ".").replace("-", "").strip(".")
        handle = rng.choice([handle, handle.replace(".", ""), handle.split(".")[0][:1] + handle.split(".")[-1],
                             handle + str(rng.randint(1, 99))])
        self.email = f"{handle}@{rng.choice(L['mail'])}"
        self.phone = make_phone(rng, L["region"])
        self.location = rng.choice(L["cities"])
        self.location_text = self.location
        self.links = []
        gh = handle.replace(".", "-")
        for kind in rng.sample(["linkedin", "github", "site", "gitlab", "none"], k=rng.choice([0, 1, 1, 2])):
            url = {"linkedin": f"linkedin.com/in/{gh}", "github": f"github.com/{gh}", "gitlab": f"gitlab.com/{gh}",
                   "site": f"{gh.replace('-', '')}.dev", "none": None}[kind]
            if url is None:
                continue
            url = rng.choice([url, "https://" + url, "https://www." + url if kind != "site" else "www." + url, url])
            self.links.append(url)
        n_skills = rng.randint(5, 10)
        self.skills = rng.sample(SKILLS, n_skills)
        self.date_style = rng.choice(["mon", "mon_dot", "month", "mm/yyyy", "yyyy.mm", "mm.yyyy", "yyyy-mm",
                                      "yyyy", "mm/yyyy", "mon", "yyyy/mm"])
        if lang in ("ru", "el", "pl") and self.date_style in ("mon", "mon_dot", "month"):
            self.date_style = "mm.yyyy"
        self.dash = rng.choice([" – ", " - ", " — ", "–", " to " if lang == "en" else " – ", " bis " if lang == "de" else " - "])
        # jobs, newest first, non-overlapping
        n_jobs = rng.randint(2, 5)
        y, m = 2026, rng.randint(1, 6)
        pool = rng.sample(COMPANIES[lang] + (COMPANIES["en"][:4] if lang != "en" else []), n_jobs)
        self.jobs = []
        for i in range(n_jobs):
            end = None if i == 0 and rng.random() < 0.75 else (y, m)
            if end is not None and i == 0:
                y, m = 2025, rng.randint(1, 12)
                end = (y, m)
            length = rng.randint(8, 50)
            sy, sm = divmod((end or (y, m))[0] * 12 + (end or (y, m))[1] - 1 - length, 12)
            start = (sy, sm + 1)
            titles = TITLES[lang] if rng.random() < 0.8 else TITLES["en"]
            self.jobs.append(dict(company=pool[i], title=rng.choice(titles), start=start, end=end,
                                  bullets=rng.sample(BULLETS[lang], k=min(len(BULLETS[lang]), rng.randint(1, 3)))))
            gy, gm = divmod(start[0] * 12 + start[1] - 1 - rng.randint(1, 6), 12)
            y, m = gy, gm + 1
        self.since_style = lang in SINCE and self.jobs[0]["end"] is None and rng.random() < 0.2
        eys = y
        self.edu = []
        for j in range(rng.randint(1, 2)):
            inst = rng.choice([i for i in INSTITUTIONS[lang] + INSTITUTIONS["en"][:2] if i not in [e["institution"] for e in self.edu]])
            self.edu.append(dict(institution=inst, degree=rng.choice(DEGREES[lang]), end=(eys - 3 * j, rng.choice([6, 7, 9]))))
        self.title_case_name = self.name
        self.caps = rng.random() < 0.25
        self.doc_title = rng.choice(DOC_TITLE[lang]) if rng.random() < 0.35 else None
        self.headline = rng.choice(TITLES[lang]) if rng.random() < 0.4 else None
        self.job_style = rng.choice(["at", "pipe", "dash", "middot", "company_bold", "title_bold", "comma"])
        if self.job_style == "at" and lang not in AT:
            self.job_style = "pipe"
        self.skill_style = rng.choice(["comma", "bullets", "pipes", "groups", "lines"])
        self.spoken = rng.sample(SPOKEN[lang], k=2) if rng.random() < 0.5 else []
        self.summary = SUMMARY[lang].format(n=rng.randint(4, 15), a=rng.choice(SKILLS), b=rng.choice(SKILLS))
        self.h = {k: rng.choice(v) for k, v in HEADINGS[lang].items()}

    # -- text helpers used by every layout
    def display_name(self):
        return self.name.upper() if self.caps else self.name

    def job_dates(self, j) -> str:
        if self.since_style and j is self.jobs[0]:
            return f"{SINCE[self.lang]} {fmt_date(j['start'], self.date_style, self.lang, self.rng)}"
        return (fmt_date(j["start"], self.date_style, self.lang, self.rng) + self.dash
                + fmt_date(j["end"], self.date_style, self.lang, self.rng))

    def job_head(self, j) -> list[tuple[str, str]]:
        """Lines (text, style) naming the job; style 'B' bold, 'I' italic, '' regular."""
        c, t = j["company"], j["title"]
        s = self.job_style
        if s == "at":
            return [(f"{t} {AT[self.lang]} {c}", "B")]
        if s == "pipe":
            return [(f"{c} | {t}", "B")]
        if s == "dash":
            return [(f"{c} — {t}", "B")]
        if s == "middot":
            return [(f"{t} · {c}", "B")]
        if s == "comma" and "," not in c:
            return [(f"{t}, {c}", "B")]
        if s == "title_bold":
            return [(t, "B"), (c, "I")]
        return [(c, "B"), (t, "I")]

    def skill_lines(self) -> list[str]:
        s, sk = self.skill_style, self.skills
        if s == "comma":
            return [", ".join(sk)]
        if s == "pipes":
            return [" | ".join(sk)]
        if s == "groups":
            groups = SKILL_GROUPS[self.lang]
            half = (len(sk) + 1) // 2
            return [f"{groups[0]}: {', '.join(sk[:half])}", f"{groups[1]}: {', '.join(sk[half:])}"]
        if s == "bullets":
            b = self.rng.choice(["•", "▪", "–"])
            return [f"{b} {x}" for x in sk]
        return list(sk)

    def contact_items(self, labelled: bool) -> list[str]:
        lab = LABELS[self.lang]
        items = [self.email, self.phone, self.location_text] + self.links
        if not labelled:
            return items
        out = [f"{self.rng.choice(lab['email'])}: {self.email}", f"{self.rng.choice(lab['phone'])}: {self.phone}",
               f"{self.rng.choice(lab['loc'])}: {self.location_text}"]
        return out + self.links

    def truth(self, layout: str, producer: str) -> dict:
        def ds(ym):
            return truth_date(ym, self.date_style)
        return {
            "layout": layout, "producer": producer, "locale": self.locale, "name": self.name, "email": self.email,
            "phone": self.phone, "location": self.location, "links": self.links, "skills": self.skills,
            "experience": [dict(company=j["company"], title=j["title"], start=ds(j["start"]),
                                end="present" if j["end"] is None else ds(j["end"])) for j in self.jobs],
            "education": [dict(institution=e["institution"], degree=e["degree"], end=f"{e['end'][0]}")
                          for e in self.edu],
        }


# ---------------------------------------------------------------- fpdf2 layouts

FONTS = {
    "dejavu": ("dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf", "dejavu/DejaVuSans-Oblique.ttf"),
    "dejavuserif": ("dejavu/DejaVuSerif.ttf", "dejavu/DejaVuSerif-Bold.ttf", "dejavu/DejaVuSerif-Italic.ttf"),
    "dejavucond": ("dejavu/DejaVuSansCondensed.ttf", "dejavu/DejaVuSansCondensed-Bold.ttf",
                   "dejavu/DejaVuSansCondensed-Oblique.ttf"),
    "libserif": ("liberation/LiberationSerif-Regular.ttf", "liberation/LiberationSerif-Bold.ttf",
                 "liberation/LiberationSerif-Italic.ttf"),
    "libsans": ("liberation/LiberationSans-Regular.ttf", "liberation/LiberationSans-Bold.ttf",
                "liberation/LiberationSans-Italic.ttf"),
    "libmono": ("liberation/LiberationMono-Regular.ttf", "liberation/LiberationMono-Bold.ttf",
                "liberation/LiberationMono-Italic.ttf"),
}


def new_pdf(font: str, cls=None):
    from fpdf import FPDF
    pdf = (cls or FPDF)(format="A4", unit="mm")
    for style, f in zip(("", "B", "I"), FONTS[font]):
        pdf.add_font(font, style, str(FONT_DIR / f))
    # bullets and icons the Liberation fonts lack fall back to DejaVu
    if not font.startswith("dejavu"):
        for style, f in zip(("", "B", "I"), FONTS["dejavu"]):
            pdf.add_font("dejavu", style, str(FONT_DIR / f))
        pdf.set_fallback_fonts(["dejavu"])
    pdf.set_auto_page_break(True, margin=16)
    pdf.set_creator("fpdf2")
    pdf.F = font
    return pdf


def ln(pdf, x, w, text, size=10, style="", align="L", h=None, color=(0, 0, 0)):
    from fpdf.enums import XPos, YPos
    pdf.set_font(pdf.F, style, size)
    pdf.set_text_color(*color)
    pdf.set_x(x)
    pdf.multi_cell(w, h or size * 0.5, text, align=align, new_x=XPos.LEFT, new_y=YPos.NEXT)


def heading(pdf, x, w, text, p: Person, rule=True, spaced=False, color=(0, 0, 0), size=12):
    pdf.ln(3)
    pdf.set_x(x)
    if spaced:
        pdf.set_char_spacing(1.5)
    ln(pdf, x, w, text.upper() if spaced or p.rng.random() < 0.4 else text, size=size, style="B", color=color)
    pdf.set_char_spacing(0)
    if rule:
        pdf.set_draw_color(*color)
        pdf.set_line_width(0.3)
        pdf.line(x, pdf.get_y() + 0.5, x + w, pdf.get_y() + 0.5)
    pdf.ln(2)


def jobs_block(pdf, x, w, p: Person, dates_right=True, bullet="•"):
    for j in p.jobs:
        head = p.job_head(j)
        y0 = pdf.get_y()
        if dates_right:
            dw = 38
            for k, (text, st) in enumerate(head):
                ln(pdf, x, w - dw, text, size=10.5, style=st)
                if k == 0:
                    y1 = pdf.get_y()
                    pdf.set_xy(x + w - dw, y0)
                    ln(pdf, x + w - dw, dw, p.job_dates(j), size=9, align="R", color=(90, 90, 90))
                    pdf.set_y(max(y1, pdf.get_y()))
        else:
            for text, st in head:
                ln(pdf, x, w, text, size=10.5, style=st)
            ln(pdf, x, w, p.job_dates(j), size=9, style="I", color=(90, 90, 90))
        for b in j["bullets"]:
            ln(pdf, x + 3, w - 3, f"{bullet} {b}", size=9.5)
        pdf.ln(2)


def edu_block(pdf, x, w, p: Person, one_line=None):
    one_line = p.rng.random() < 0.5 if one_line is None else one_line
    for e in p.edu:
        if one_line:
            ln(pdf, x, w, f"{e['degree']}, {e['institution']}, {e['end'][0]}", size=10)
        else:
            ln(pdf, x, w, e["institution"], size=10.5, style="B")
            ln(pdf, x, w, f"{e['degree']} · {e['end'][1]:02d}/{e['end'][0]}", size=9.5)
        pdf.ln(1.5)


def skills_block(pdf, x, w, p: Person, size=10, color=(0, 0, 0)):
    for line in p.skill_lines():
        ln(pdf, x, w, line, size=size, color=color)


def layout_centered(path: Path, p: Person):
    pdf = new_pdf(p.rng.choice(["libserif", "dejavuserif", "libsans"]))
    pdf.add_page()
    W, X = 180, 15
    pdf.set_y(14)
    if p.doc_title:
        ln(pdf, X, W, p.doc_title, size=10, align="C", color=(100, 100, 100))
    ln(pdf, X, W, p.display_name(), size=22, style="B", align="C", h=10)
    if p.headline:
        ln(pdf, X, W, p.headline, size=11, style="I", align="C")
    sep = p.rng.choice([" · ", " | ", "  •  ", "  ◆  "])
    ln(pdf, X, W, sep.join(p.contact_items(False)), size=9, align="C")
    pdf.ln(2)
    heading(pdf, X, W, p.h["summary"], p)
    ln(pdf, X, W, p.summary, size=10)
    heading(pdf, X, W, p.h["experience"], p)
    jobs_block(pdf, X, W, p, dates_right=p.rng.random() < 0.6, bullet=p.rng.choice(["•", "–", "▪"]))
    heading(pdf, X, W, p.h["education"], p)
    edu_block(pdf, X, W, p)
    heading(pdf, X, W, p.h["skills"], p)
    skills_block(pdf, X, W, p)
    if p.spoken:
        heading(pdf, X, W, p.h["languages"], p)
        ln(pdf, X, W, ", ".join(p.spoken), size=10)
    pdf.output(str(path))


def layout_europass(path: Path, p: Person):
    pdf = new_pdf(p.rng.choice(["libsans", "dejavucond", "dejavu"]))
    pdf.add_page()
    LX, LW, RX, RW = 12, 45, 62, 136
    pdf.set_y(14)
    if p.doc_title:
        ln(pdf, RX, RW, p.doc_title.upper(), size=9, color=(0, 60, 140))
    ln(pdf, RX, RW, p.display_name(), size=20, style="B", h=9)
    pdf.ln(3)
    lab = LABELS[p.lang]
    rows = [(p.rng.choice(lab["email"]), p.email), (p.rng.choice(lab["phone"]), p.phone),
            (p.rng.choice(lab["loc"]), p.location_text)] + [("Web", u) for u in p.links]
    for k, v in rows:
        y = pdf.get_y()
        ln(pdf, LX, LW, k, size=9, align="R", color=(0, 60, 140))
        pdf.set_y(y)
        ln(pdf, RX, RW, v, size=9.5)

    def sect(title):
        pdf.ln(4)
        y = pdf.get_y()
        ln(pdf, LX, LW, title.upper(), size=9.5, style="B", align="R", color=(0, 60, 140))
        pdf.set_draw_color(0, 60, 140)
        pdf.line(RX, y + 2.2, RX + RW, y + 2.2)
        pdf.set_y(max(pdf.get_y(), y + 5) + 1)

    sect(p.h["experience"])
    for j in p.jobs:
        y = pdf.get_y()
        ln(pdf, LX, LW, p.job_dates(j), size=9, align="R")
        pdf.set_y(y)
        for text, st in p.job_head(j):
            ln(pdf, RX, RW, text, size=10, style=st)
        for b in j["bullets"][:2]:
            ln(pdf, RX + 2, RW - 2, "▪ " + b, size=9)
        pdf.ln(2.5)
    sect(p.h["education"])
    for e in p.edu:
        y = pdf.get_y()
        ln(pdf, LX, LW, str(e["end"][0]), size=9, align="R")
        pdf.set_y(y)
        ln(pdf, RX, RW, e["degree"], size=10, style="B")
        ln(pdf, RX, RW, e["institution"], size=9.5)
        pdf.ln(2)
    sect(p.h["skills"])
    skills_block(pdf, RX, RW, p, size=9.5)
    if p.spoken:
        sect(p.h["languages"])
        for s in p.spoken:
            ln(pdf, RX, RW, s, size=9.5)
    pdf.output(str(path))


def layout_sidebar_fill(path: Path, p: Person, side: str, sidebar_first: bool):
    pdf = new_pdf(p.rng.choice(["dejavu", "libsans", "dejavucond"]))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    SW = 62
    if side == "left":
        SX, MX, MW = 0, SW + 8, 210 - SW - 16
    else:
        SX, MX, MW = 210 - SW, 10, 210 - SW - 18
    dark = p.rng.random() < 0.5
    fill, fg = ((33, 47, 61), (255, 255, 255)) if dark else ((232, 238, 244), (20, 20, 20))
    acc = (255, 200, 90) if dark else (0, 90, 130)

    def sidebar():
        pdf.set_fill_color(*fill)
        pdf.rect(SX, 0, SW, 297, style="F")
        x, w = SX + 6, SW - 12
        pdf.set_y(20 if side == "left" else 20)
        heading(pdf, x, w, p.h["contact"], p, rule=False, color=acc, size=11)
        for item in p.contact_items(labelled=False):
            size = 8.5
            pdf.set_font(pdf.F, "", size)
            while pdf.get_string_width(item) > w - 1 and size > 6:
                size -= 0.5
                pdf.set_font(pdf.F, "", size)
            ln(pdf, x, w, item, size=size, color=fg)
            pdf.ln(1)
        heading(pdf, x, w, p.h["skills"], p, rule=False, color=acc, size=11)
        if p.skill_style in ("comma", "pipes", "groups"):
            skills_block(pdf, x, w, p, size=8.5, color=fg)
        else:
            for s in p.skills:
                ln(pdf, x, w, s, size=8.5, color=fg)
        if p.spoken:
            heading(pdf, x, w, p.h["languages"], p, rule=False, color=acc, size=11)
            for s in p.spoken:
                ln(pdf, x, w, s, size=8.5, color=fg)

    def main():
        pdf.set_y(18)
        if p.doc_title:
            ln(pdf, MX, MW, p.doc_title, size=9, color=(120, 120, 120))
        ln(pdf, MX, MW, p.display_name(), size=21, style="B", h=10)
        if p.headline:
            ln(pdf, MX, MW, p.headline, size=11, color=(80, 80, 80))
        heading(pdf, MX, MW, p.h["experience"], p)
        jobs_block(pdf, MX, MW, p, dates_right=p.rng.random() < 0.5, bullet="•")
        heading(pdf, MX, MW, p.h["education"], p)
        edu_block(pdf, MX, MW, p)

    for part in ((sidebar, main) if sidebar_first else (main, sidebar)):
        part()
    pdf.output(str(path))


def layout_header_flush(path: Path, p: Person):
    pdf = new_pdf(p.rng.choice(["libsans", "dejavu", "libmono", "libserif"]))
    pdf.add_page()
    X, W = 16, 178
    y0 = 16
    pdf.set_y(y0)
    if p.doc_title:
        ln(pdf, X, 100, p.doc_title, size=9, color=(120, 120, 120))
    ln(pdf, X, 110, p.display_name(), size=20, style="B", h=9)
    if p.headline:
        ln(pdf, X, 110, p.headline, size=11)
    yl = pdf.get_y()
    pdf.set_y(y0)
    for item in p.contact_items(labelled=p.rng.random() < 0.4):
        ln(pdf, X + 100, W - 100, item, size=8.5, align="R", h=4.3)
    pdf.set_y(max(yl, pdf.get_y()) + 2)
    pdf.set_draw_color(150, 150, 150)
    pdf.line(X, pdf.get_y(), X + W, pdf.get_y())
    spaced = p.rng.random() < 0.5
    order = ["experience", "education", "skills"] if p.rng.random() < 0.6 else ["skills", "experience", "education"]
    heading(pdf, X, W, p.h["summary"], p, rule=False, spaced=spaced)
    ln(pdf, X, W, p.summary, size=9.5)
    for sec in order:
        heading(pdf, X, W, p.h[sec], p, rule=False, spaced=spaced)
        if sec == "experience":
            jobs_block(pdf, X, W, p, dates_right=True, bullet="▪")
        elif sec == "education":
            edu_block(pdf, X, W, p)
        else:
            skills_block(pdf, X, W, p, size=9.5)
    pdf.output(str(path))


def layout_multipage(path: Path, p: Person):
    from fpdf import FPDF

    class Doc(FPDF):
        def header(self):
            if self.page_no() > 1:
                self.set_font(self.F, "I", 8)
                self.set_text_color(120, 120, 120)
                self.set_xy(15, 8)
                self.cell(180, 5, f"{p.name} — {p.doc_title or 'CV'}", align="R")
                self.set_y(18)

        def footer(self):
            self.set_y(-12)
            self.set_font(self.F, "", 8)
            self.set_text_color(120, 120, 120)
            self.cell(0, 5, f"{self.page_no()}/{{nb}}", align="C")

    pdf = new_pdf(p.rng.choice(["dejavuserif", "libserif", "dejavu"]), cls=Doc)
    pdf.add_page()
    X, W = 18, 174
    pdf.set_y(16)
    ln(pdf, X, W, p.display_name(), size=19, style="B", h=9)
    for item in p.contact_items(labelled=True):
        ln(pdf, X, W, item, size=9, h=4.5)
    heading(pdf, X, W, p.h["summary"], p)
    ln(pdf, X, W, p.summary + " " + p.summary, size=10)
    heading(pdf, X, W, p.h["experience"], p)
    # long bullet lists push experience onto the next pages
    for j in p.jobs:
        j["bullets"] = (j["bullets"] + BULLETS[p.lang] + BULLETS["en"])[:7]
    jobs_block(pdf, X, W, p, dates_right=p.rng.random() < 0.5, bullet=p.rng.choice(["•", "–"]))
    if pdf.page_no() == 1:
        pdf.add_page()  # a manual page break, as people insert them
    heading(pdf, X, W, p.h["education"], p)
    edu_block(pdf, X, W, p)
    heading(pdf, X, W, p.h["skills"], p)
    skills_block(pdf, X, W, p)
    if p.spoken:
        heading(pdf, X, W, p.h["languages"], p)
        for s in p.spoken:
            ln(pdf, X, W, s, size=10)
    pdf.output(str(path))


# ---------------------------------------------------------------- LibreOffice layouts (docx / html)


def docx_doc(p: Person):
    from docx import Document
    from docx.shared import Pt
    doc = Document()
    font = p.rng.choice(["Liberation Serif", "Liberation Sans", "DejaVu Sans", "DejaVu Serif"])
    for sname in ("Normal", "Title", "Heading 1", "Heading 2", "List Bullet"):
        st = doc.styles[sname]
        st.font.name = font
        rpr = st.element.get_or_add_rPr()
        rfonts = rpr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rFonts")
        if rfonts is not None:
            for a in ("w:eastAsia", "w:cs", "w:hAnsi", "w:ascii"):
                rfonts.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + a.split(":")[1], font)
    doc.styles["Normal"].font.size = Pt(10)
    sec = doc.sections[0]
    from docx.shared import Cm
    sec.left_margin = sec.right_margin = Cm(2)
    sec.top_margin = sec.bottom_margin = Cm(1.8)
    return doc


def para(container, text="", bold=False, italic=False, size=None, style=None, align=None, color=None):
    from docx.shared import Pt, RGBColor
    par = container.add_paragraph(style=style) if style else container.add_paragraph()
    if text:
        r = par.add_run(text)
        r.bold, r.italic = bold or None, italic or None
        if size:
            r.font.size = Pt(size)
        if color:
            r.font.color.rgb = RGBColor(*color)
    if align:
        par.alignment = align
    par.paragraph_format.space_after = Pt(2)
    return par


def layout_word_tabs(path_docx: Path, p: Person):
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.shared import Cm
    doc = docx_doc(p)
    if p.doc_title:
        para(doc, p.doc_title, size=9, color=(110, 110, 110))
    doc.add_paragraph(p.display_name(), style="Title")
    if p.headline:
        para(doc, p.headline, italic=True, size=12)
    contact = p.contact_items(labelled=p.rng.random() < 0.5)
    if p.rng.random() < 0.5:
        para(doc, "  |  ".join(contact[:3]))
        if contact[3:]:
            para(doc, "  |  ".join(contact[3:]))
    else:
        for c in contact:
            para(doc, c)
    doc.add_paragraph(p.h["summary"], style="Heading 1")
    para(doc, p.summary)
    doc.add_paragraph(p.h["experience"], style="Heading 1")
    for j in p.jobs:
        head = p.job_head(j)
        par = para(doc)
        par.paragraph_format.tab_stops.add_tab_stop(Cm(17), WD_TAB_ALIGNMENT.RIGHT)
        r = par.add_run(head[0][0])
        r.bold = head[0][1] == "B"
        r.italic = head[0][1] == "I"
        par.add_run("\t" + p.job_dates(j))
        for text, st in head[1:]:
            para(doc, text, bold=st == "B", italic=st == "I")
        for b in j["bullets"]:
            doc.add_paragraph(b, style="List Bullet")
    doc.add_paragraph(p.h["education"], style="Heading 1")
    for e in p.edu:
        par = para(doc)
        par.paragraph_format.tab_stops.add_tab_stop(Cm(17), WD_TAB_ALIGNMENT.RIGHT)
        par.add_run(e["institution"]).bold = True
        par.add_run(f"\t{e['end'][0]}")
        para(doc, e["degree"], italic=True)
    doc.add_paragraph(p.h["skills"], style="Heading 1")
    if p.skill_style == "bullets":
        for s in p.skills:
            doc.add_paragraph(s, style="List Bullet")
    else:
        for line in p.skill_lines():
            para(doc, line)
    if p.spoken:
        doc.add_paragraph(p.h["languages"], style="Heading 1")
        para(doc, " · ".join(p.spoken))
    doc.save(str(path_docx))


def layout_word_table(path_docx: Path, p: Person, side: str):
    from docx.shared import Cm
    doc = docx_doc(p)
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    side_w, main_w = Cm(6), Cm(11)
    si, mi = (0, 1) if side == "left" else (1, 0)
    for i, w in ((si, side_w), (mi, main_w)):
        table.columns[i].width = w
        table.rows[0].cells[i].width = w
    sc, mc = table.rows[0].cells[si], table.rows[0].cells[mi]
    sc.paragraphs[0].text = ""
    para(sc, p.h["contact"].upper(), bold=True, size=10, color=(30, 80, 140))
    for c in p.contact_items(labelled=False):
        para(sc, c, size=8.5)
    para(sc, "")
    para(sc, p.h["skills"].upper(), bold=True, size=10, color=(30, 80, 140))
    if p.skill_style in ("comma", "groups", "pipes"):
        for line in p.skill_lines():
            para(sc, line, size=8.5)
    else:
        for s in p.skills:
            para(sc, s, size=8.5)
    if p.spoken:
        para(sc, "")
        para(sc, p.h["languages"].upper(), bold=True, size=10, color=(30, 80, 140))
        for s in p.spoken:
            para(sc, s, size=8.5)
    mc.paragraphs[0].text = ""
    if p.doc_title:
        para(mc, p.doc_title, size=9, color=(110, 110, 110))
    para(mc, p.display_name(), bold=True, size=20)
    if p.headline:
        para(mc, p.headline, size=11, italic=True)
    para(mc, "")
    para(mc, p.h["experience"], bold=True, size=13, color=(30, 80, 140))
    for j in p.jobs:
        for text, st in p.job_head(j):
            para(mc, text, bold=st == "B", italic=st == "I", size=10)
        para(mc, p.job_dates(j), size=9, color=(100, 100, 100))
        for b in j["bullets"][:2]:
            para(mc, "• " + b, size=9)
    para(mc, "")
    para(mc, p.h["education"], bold=True, size=13, color=(30, 80, 140))
    for e in p.edu:
        para(mc, e["institution"], bold=True, size=10)
        para(mc, f"{e['degree']}, {e['end'][0]}", size=9)
    doc.save(str(path_docx))


def layout_html_table(path_html: Path, p: Person):
    e = html.escape
    font = p.rng.choice(["Liberation Sans", "DejaVu Serif", "Liberation Serif"])
    out = [f"<html><head><meta charset='utf-8'><style>body{{font-family:'{font}';font-size:10pt}}"
           "h1{font-size:20pt;margin:0} h2{font-size:12pt;border-bottom:1px solid #555;margin-top:10pt}"
           "td{vertical-align:top;font-size:10pt}</style></head><body>"]
    if p.doc_title:
        out.append(f"<p style='color:#777'>{e(p.doc_title)}</p>")
    out.append(f"<h1>{e(p.display_name())}</h1>")
    if p.headline:
        out.append(f"<p><i>{e(p.headline)}</i></p>")
    out.append("<p>" + "<br/>".join(e(c) for c in p.contact_items(labelled=p.rng.random() < 0.5)) + "</p>")
    out.append(f"<h2>{e(p.h['experience'])}</h2><table width='100%' border='0' cellpadding='3'>")
    for j in p.jobs:
        head = "<br/>".join(f"<b>{e(t)}</b>" if st == "B" else f"<i>{e(t)}</i>" if st == "I" else e(t)
                            for t, st in p.job_head(j))
        bl = "".join(f"<li>{e(b)}</li>" for b in j["bullets"][:2])
        out.append(f"<tr><td width='25%'>{e(p.job_dates(j))}</td><td>{head}<ul>{bl}</ul></td></tr>")
    out.append("</table>")
    out.append(f"<h2>{e(p.h['education'])}</h2><table width='100%' border='0' cellpadding='3'>")
    for ed in p.edu:
        out.append(f"<tr><td width='25%'>{ed['end'][0]}</td><td><b>{e(ed['institution'])}</b><br/>{e(ed['degree'])}</td></tr>")
    out.append("</table>")
    out.append(f"<h2>{e(p.h['skills'])}</h2>")
    if p.skill_style in ("bullets", "lines"):
        out.append("<ul>" + "".join(f"<li>{e(s)}</li>" for s in p.skills) + "</ul>")
    else:
        out.append("".join(f"<p>{e(line)}</p>" for line in p.skill_lines()))
    if p.spoken:
        out.append(f"<h2>{e(p.h['languages'])}</h2><p>{e(', '.join(p.spoken))}</p>")
    out.append("</body></html>")
    path_html.write_text("\n".join(out), encoding="utf-8")


# ---------------------------------------------------------------- main

PLAN = ["centered", "europass", "sidebar_fill", "header_flush", "multipage", "word_tabs", "word_table", "html_table"]
LOCALE_ORDER = ["en_US", "de_DE", "fr_FR", "en_GB", "es_ES", "it_IT", "pt_BR", "en_IN", "nl_NL", "pl_PL",
                "en_AU", "de_AT", "es_MX", "ru_RU", "el_GR", "en_US", "fr_FR", "de_DE", "en_GB", "en_US"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=HERE)
    ap.add_argument("--n", type=int, default=48)
    ap.add_argument("--keep-sources", action="store_true", help="keep the .docx/.html next to the PDFs")
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="unseen-"))
    to_convert: list[tuple[Path, str]] = []
    for i in range(a.n):
        rng = random.Random(7919 * i + 3)
        locale = LOCALE_ORDER[(i * 7 + i // len(LOCALE_ORDER)) % len(LOCALE_ORDER)]
        p = Person(rng, locale, i)
        kind = PLAN[i % len(PLAN)]
        stem = f"u-{i:03d}-{kind}"
        pdf = a.out / f"{stem}.pdf"
        producer = "fpdf2"
        if kind == "centered":
            layout_centered(pdf, p)
        elif kind == "europass":
            layout_europass(pdf, p)
        elif kind == "sidebar_fill":
            side = "left" if i // len(PLAN) % 2 == 0 else "right"
            layout_sidebar_fill(pdf, p, side, sidebar_first=bool(i // (2 * len(PLAN)) % 2))
            kind = f"sidebar_{side}"
        elif kind == "header_flush":
            layout_header_flush(pdf, p)
        elif kind == "multipage":
            layout_multipage(pdf, p)
        elif kind == "word_tabs":
            layout_word_tabs(tmp / f"{stem}.docx", p)
            to_convert.append((tmp / f"{stem}.docx", stem))
            producer = "libreoffice-docx"
        elif kind == "word_table":
            side = "left" if i // len(PLAN) % 2 == 0 else "right"
            layout_word_table(tmp / f"{stem}.docx", p, side)
            to_convert.append((tmp / f"{stem}.docx", stem))
            producer = "libreoffice-docx"
            kind = f"word_table_{side}"
        elif kind == "html_table":
            layout_html_table(tmp / f"{stem}.html", p)
            to_convert.append((tmp / f"{stem}.html", stem))
            producer = "libreoffice-html"
        (a.out / f"{stem}.json").write_text(json.dumps(p.truth(kind, producer), ensure_ascii=False, indent=1) + "\n")
    if to_convert:
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if not soffice:
            raise SystemExit("LibreOffice (soffice) is needed for the docx/html resumes")
        docx = [str(s) for s, _ in to_convert if s.suffix == ".docx"]
        htm = [str(s) for s, _ in to_convert if s.suffix == ".html"]
        profile = f"-env:UserInstallation=file://{tmp}/lo-profile"
        if docx:
            subprocess.run([soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp), *docx],
                           check=True, capture_output=True, timeout=600)
        if htm:
            subprocess.run([soffice, profile, "--headless", "--infilter=HTML (StarWriter)",
                            "--convert-to", "pdf:writer_pdf_Export",
                            "--outdir", str(tmp), *htm], check=True, capture_output=True, timeout=600)
        for src, stem in to_convert:
            shutil.move(str(tmp / f"{stem}.pdf"), a.out / f"{stem}.pdf")
            if a.keep_sources:
                shutil.copy(src, a.out / src.name)
    shutil.rmtree(tmp, ignore_errors=True)
    print(f"wrote {a.n} resumes to {a.out}")


if __name__ == "__main__":
    main()
