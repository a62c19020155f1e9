"""Reference data of Primăria Sectorului 1 and its council, used by `seed_demo` and
`generate_load_data`: departments, committees, the three strategies and their objective trees.

Department and committee names are the real ones (DOMAIN.md). Councillors' names are invented:
the demo must not put words in real people's mouths.
"""

DEPARTMENTS = [
    # slug, name, parent slug
    ("directia-management-economic", "Direcția Management Economic", None),
    ("serviciul-buget", "Serviciul Buget, Execuție Bugetară", "directia-management-economic"),
    ("serviciul-tehnica-legislativa", "Serviciul Tehnică Legislativă, Secretariat și Arhivă", None),
    ("directia-juridica", "Direcția Juridică, Legislație, Contencios Administrativ", None),
    ("strategie-dezvoltare", "Compartimentul Strategie și Dezvoltare Socio-Economică", None),
    ("directia-investitii", "Direcția Investiții", None),
    ("imagine-mass-media", "Serviciul Imagine și Relații cu Mass-Media", None),
    ("directia-resurse-umane", "Direcția Resurse Umane", None),
    ("serviciul-informatica", "Serviciul Informatică și Tehnologia Informației", None),
    ("directia-patrimoniu", "Direcția Patrimoniu", None),
    ("directia-urbanism", "Direcția Urbanism și Amenajarea Teritoriului", None),
]

COMMITTEES = [
    ("buget", "Comisia de studii, prognoze economico-sociale, buget, impozite și taxe locale"),
    (
        "juridica",
        "Comisia pentru administrație publică locală, juridică, apărarea ordinii publice "
        "și patrimoniu",
    ),
    ("cultura", "Comisia de cultură, învățământ, sport, mass-media și culte"),
    (
        "urbanism",
        "Comisia pentru urbanism, amenajarea teritoriului, lucrări publice și protecția mediului",
    ),
    ("social", "Comisia pentru sănătate, protecție socială, muncă și protecția copilului"),
]

# (name, party, committee slugs). Twenty-seven councillors, as in Sector 1. In each committee
# the first councillor listed chairs it and the second is its secretary.
COUNCILLORS = [
    ("Andreea Popescu", "PNL", ["buget", "juridica"]),
    ("Mihai Ionescu", "USR", ["buget"]),
    ("Elena Dumitrescu", "PSD", ["social"]),
    ("Radu Constantinescu", "PNL", ["urbanism"]),
    ("Ioana Stănescu", "USR", ["cultura"]),
    ("Cristian Marinescu", "PSD", ["juridica"]),
    ("Alexandra Georgescu", "PNL", ["social", "cultura"]),
    ("Bogdan Rădulescu", "USR", ["urbanism"]),
    ("Simona Țăranu", "AUR", ["buget"]),
    ("Dan Vasilescu", "PSD", ["urbanism", "buget"]),
    ("Laura Munteanu", "PNL", ["juridica"]),
    ("Florin Petrescu", "USR", ["social"]),
    ("Gabriela Niculescu", "PSD", ["cultura"]),
    ("Adrian Șerban", "Forța Dreptei", ["juridica"]),
    ("Mirela Tudor", "PNL", ["urbanism"]),
    ("Ștefan Iliescu", "USR", ["buget"]),
    ("Oana Mihăilescu", "PSD", ["social"]),
    ("Victor Pană", "AUR", ["urbanism"]),
    ("Raluca Cristea", "PNL", ["cultura"]),
    ("George Dobre", "USR", ["juridica"]),
    ("Monica Lungu", "PSD", ["buget"]),
    ("Cătălin Enache", "PNL", ["social"]),
    ("Irina Voicu", "USR", ["cultura", "urbanism"]),
    ("Paul Neagu", "PSD", ["juridica"]),
    ("Anca Bălan", "Forța Dreptei", ["social"]),
    ("Tudor Manole", "PNL", ["cultura"]),
    ("Diana Sârbu", "USR", ["buget"]),
]

# The party groups (grupuri de consilieri); a party with too few councillors for a group of its
# own has none, and its councillors sit as independents.
PARTY_GROUPS = {"PNL": "Grupul PNL", "USR": "Grupul USR", "PSD": "Grupul PSD"}

# The 2024 local elections; mandates run four years.
MANDATE_START = (2024, 10, 25)

# A mid-term replacement: a councillor resigns (last day in office, relative to the demo's
# today: 30 September of last year) and the substitute from the same list is validated three
# weeks later; the council has 26 councillors in office in between.
RESIGNS = "Ștefan Iliescu"
SUBSTITUTE = ("Horia Zamfir", "USR")
RESIGNATION_DAY = (9, 30)
SUBSTITUTE_VALIDATED = (10, 21)

# slug, code, title, first year, last year, tree of (code suffix, title, children)
STRATEGIES = [
    (
        "smart-city",
        "SC",
        "Strategia Smart City a Sectorului 1 al Municipiului București 2023-2030",
        2023,
        2030,
        [
            (
                "OG1",
                "Guvernanță digitală și servicii publice inteligente",
                [
                    (
                        "OS1.1",
                        "Digitalizarea serviciilor publice pentru cetățeni",
                        [
                            ("M1", "Ghișeu unic online pentru cereri, plăți și documente"),
                            ("M2", "Programări online la serviciile primăriei"),
                        ],
                    ),
                    (
                        "OS1.2",
                        "Date deschise și transparență decizională",
                        [
                            ("M1", "Portal de date deschise al Sectorului 1"),
                        ],
                    ),
                    (
                        "OS1.3",
                        "Participarea cetățenilor la decizie prin bugetare participativă",
                        [],
                    ),
                ],
            ),
            (
                "OG2",
                "Mobilitate urbană durabilă",
                [
                    (
                        "OS2.1",
                        "Sisteme inteligente de management al traficului",
                        [
                            ("M1", "Semaforizare adaptivă pe arterele principale"),
                        ],
                    ),
                    (
                        "OS2.2",
                        "Infrastructură pentru mobilitate alternativă",
                        [
                            ("M1", "Piste de biciclete conectate"),
                            ("M2", "Stații de încărcare pentru vehicule electrice"),
                        ],
                    ),
                    ("OS2.3", "Parcări de reședință administrate digital", []),
                ],
            ),
            (
                "OG3",
                "Mediu sănătos și eficiență energetică",
                [
                    (
                        "OS3.1",
                        "Eficiența energetică a clădirilor publice",
                        [
                            ("M1", "Reabilitarea termică a școlilor și grădinițelor"),
                        ],
                    ),
                    ("OS3.2", "Monitorizarea calității aerului în timp real", []),
                    ("OS3.3", "Spații verzi și gestionarea inteligentă a deșeurilor", []),
                ],
            ),
        ],
    ),
    (
        "strategia-it",
        "IT",
        "Strategia IT a Primăriei Sectorului 1 2023-2030",
        2023,
        2030,
        [
            (
                "OG1",
                "Infrastructură informatică modernă și sigură",
                [
                    ("OS1.1", "Modernizarea centrului de date și a rețelei", []),
                    (
                        "OS1.2",
                        "Securitatea cibernetică a sistemelor primăriei",
                        [
                            ("M1", "Autentificare în doi pași pentru toate conturile"),
                        ],
                    ),
                    ("OS1.3", "Continuitatea activității și copii de siguranță", []),
                ],
            ),
            (
                "OG2",
                "Sisteme informatice integrate",
                [
                    (
                        "OS2.1",
                        "Sistem integrat de management al documentelor",
                        [
                            ("M1", "Registratură electronică"),
                        ],
                    ),
                    ("OS2.2", "Interoperabilitate cu sistemele naționale", []),
                    (
                        "OS2.3",
                        "Registrul electronic al proiectelor de hotărâre și ședințe electronice",
                        [
                            ("M1", "Vot electronic în ședințele consiliului local"),
                        ],
                    ),
                ],
            ),
            (
                "OG3",
                "Competențe digitale și guvernanță IT",
                [
                    ("OS3.1", "Formarea digitală a personalului", []),
                    ("OS3.2", "Managementul portofoliului de proiecte IT", []),
                ],
            ),
        ],
    ),
    (
        "strategia-comunicare",
        "CO",
        "Strategia de comunicare a Primăriei Sectorului 1 2023-2030",
        2023,
        2030,
        [
            (
                "OG1",
                "Comunicare deschisă și transparentă cu cetățenii",
                [
                    (
                        "OS1.1",
                        "Noul website al Sectorului 1",
                        [
                            ("M1", "Website accesibil conform WCAG 2.1 AA"),
                        ],
                    ),
                    ("OS1.2", "Publicarea proactivă a informațiilor de interes public", []),
                    ("OS1.3", "Consultarea publică a proiectelor de acte normative", []),
                ],
            ),
            (
                "OG2",
                "Comunicare internă eficientă",
                [
                    ("OS2.1", "Proceduri unitare de comunicare între direcții", []),
                    ("OS2.2", "Intranetul primăriei", []),
                ],
            ),
            (
                "OG3",
                "Relația cu comunitatea și cu mass-media",
                [
                    ("OS3.1", "Relația cu mass-media", []),
                    (
                        "OS3.2",
                        "Campanii de informare publică",
                        [
                            ("M1", "Campanie anuală privind taxele și impozitele locale"),
                        ],
                    ),
                    ("OS3.3", "Prezența în rețelele sociale", []),
                ],
            ),
        ],
    ),
]


def objective_code(strategy_code: str, *parts: str) -> str:
    """SC + OG2 + OS2.1 + M1 -> SC-OG2-OS2.1-M1."""
    return "-".join([strategy_code, *parts])
