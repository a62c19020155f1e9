"""Romanian for the libraries' messages that their own catalogues leave untranslated (Django's
newer admin, auth and form messages, django-axes' lockouts), as people meet them in the login
page, the forms, the admin this site grants and the API's errors.

`manage.py romanian_overrides` writes these into the project's catalogues (the `djangojs`
ones for the admin's calendar and selector widgets). Each entry: (msgctxt, msgid, msgstr), the
msgstr a list of the three Romanian plural forms (one, few, "de" many) when the message has a
plural.
"""

from __future__ import annotations

Message = tuple[str | None, str | tuple[str, str], str | list[str]]

DJANGO: list[Message] = [
    # Django's forms, models and validators.
    (None, "…", "…"),
    (None, "Enter a valid domain name.", "Introduceți un nume de domeniu valid."),
    (
        None,
        "Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens.",
        "Introduceți un „slug” valid, format din litere Unicode, cifre, liniuțe de subliniere "
        "sau cratime.",
    ),
    (None, "Enter a valid %(protocol)s address.", "Introduceți o adresă %(protocol)s validă."),
    (None, "IPv4", "IPv4"),
    (None, "IPv6", "IPv6"),
    (None, "IPv4 or IPv6", "IPv4 sau IPv6"),
    (
        None,
        "Ensure this value is a multiple of step size %(limit_value)s.",
        "Asigurați-vă că valoarea este un multiplu al pasului %(limit_value)s.",
    ),
    (
        None,
        "Ensure this value is a multiple of step size %(limit_value)s, starting from "
        "%(offset)s, e.g. %(offset)s, %(valid_value1)s, %(valid_value2)s, and so on.",
        "Asigurați-vă că valoarea este un multiplu al pasului %(limit_value)s, începând de la "
        "%(offset)s, de exemplu %(offset)s, %(valid_value1)s, %(valid_value2)s și așa mai "
        "departe.",
    ),
    (
        None,
        "File extension “%(extension)s” is not allowed. Allowed extensions are: "
        "%(allowed_extensions)s.",
        "Extensia „%(extension)s” nu este permisă. Extensiile permise sunt: "
        "%(allowed_extensions)s.",
    ),
    (None, "Constraint “%(name)s” is violated.", "Constrângerea „%(name)s” nu este respectată."),
    (
        None,
        "“%(value)s” value must be either True or False.",
        "Valoarea „%(value)s” trebuie să fie True sau False.",
    ),
    (
        None,
        "“%(value)s” value must be either True, False, or None.",
        "Valoarea „%(value)s” trebuie să fie True, False sau None.",
    ),
    (None, "String (unlimited)", "Șir de caractere (nelimitat)"),
    (
        None,
        "“%(value)s” value has an invalid date format. It must be in YYYY-MM-DD format.",
        "Valoarea „%(value)s” nu este o dată validă. Trebuie să aibă forma AAAA-LL-ZZ.",
    ),
    (
        None,
        "“%(value)s” value has the correct format (YYYY-MM-DD) but it is an invalid date.",
        "Valoarea „%(value)s” are forma corectă (AAAA-LL-ZZ), dar data nu există.",
    ),
    (
        None,
        "“%(value)s” value has an invalid format. It must be in YYYY-MM-DD "
        "HH:MM[:ss[.uuuuuu]][TZ] format.",
        "Valoarea „%(value)s” nu are o formă validă. Trebuie să fie AAAA-LL-ZZ "
        "HH:MM[:ss[.uuuuuu]][TZ].",
    ),
    (
        None,
        "“%(value)s” value has the correct format (YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ]) but it "
        "is an invalid date/time.",
        "Valoarea „%(value)s” are forma corectă (AAAA-LL-ZZ HH:MM[:ss[.uuuuuu]][TZ]), dar data "
        "sau ora nu există.",
    ),
    (
        None,
        "“%(value)s” value must be a decimal number.",
        "Valoarea „%(value)s” trebuie să fie un număr zecimal.",
    ),
    (
        None,
        "“%(value)s” value has an invalid format. It must be in [DD] [[HH:]MM:]ss[.uuuuuu] format.",
        "Valoarea „%(value)s” nu are o formă validă. Trebuie să fie [ZZ] [[HH:]MM:]ss[.uuuuuu].",
    ),
    (
        None,
        "“%(value)s” value must be a float.",
        "Valoarea „%(value)s” trebuie să fie un număr real.",
    ),
    (
        None,
        "“%(value)s” value must be an integer.",
        "Valoarea „%(value)s” trebuie să fie un număr întreg.",
    ),
    (
        None,
        "“%(value)s” value must be either None, True or False.",
        "Valoarea „%(value)s” trebuie să fie None, True sau False.",
    ),
    (None, "Positive big integer", "Număr întreg mare pozitiv"),
    (
        None,
        "“%(value)s” value has an invalid format. It must be in HH:MM[:ss[.uuuuuu]] format.",
        "Valoarea „%(value)s” nu are o formă validă. Trebuie să fie HH:MM[:ss[.uuuuuu]].",
    ),
    (
        None,
        "“%(value)s” value has the correct format (HH:MM[:ss[.uuuuuu]]) but it is an invalid time.",
        "Valoarea „%(value)s” are forma corectă (HH:MM[:ss[.uuuuuu]]), dar ora nu există.",
    ),
    (None, "“%(value)s” is not a valid UUID.", "„%(value)s” nu este un UUID valid."),
    (None, "A JSON object", "Un obiect JSON"),
    (None, "Value must be valid JSON.", "Valoarea trebuie să fie JSON valid."),
    (
        None,
        "%(model)s instance with %(field)s %(value)r is not a valid choice.",
        "%(model)s cu %(field)s %(value)r nu este o alegere validă.",
    ),
    (None, "Enter a valid JSON.", "Introduceți un JSON valid."),
    (
        None,
        "ManagementForm data is missing or has been tampered with. Missing fields: "
        "%(field_names)s. You may need to file a bug report if the issue persists.",
        "Datele ManagementForm lipsesc sau au fost modificate. Câmpuri lipsă: %(field_names)s. "
        "Dacă problema persistă, semnalați-o.",
    ),
    (
        None,
        ("Please submit at most %(num)d form.", "Please submit at most %(num)d forms."),
        [
            "Trimiteți cel mult %(num)d formular.",
            "Trimiteți cel mult %(num)d formulare.",
            "Trimiteți cel mult %(num)d de formulare.",
        ],
    ),
    (
        None,
        ("Please submit at least %(num)d form.", "Please submit at least %(num)d forms."),
        [
            "Trimiteți cel puțin %(num)d formular.",
            "Trimiteți cel puțin %(num)d formulare.",
            "Trimiteți cel puțin %(num)d de formulare.",
        ],
    ),
    (None, "“%(pk)s” is not a valid value.", "„%(pk)s” nu este o valoare validă."),
    (
        None,
        "%(datetime)s couldn’t be interpreted in time zone %(current_timezone)s; it may be "
        "ambiguous or it may not exist.",
        "%(datetime)s nu poate fi interpretată în fusul orar %(current_timezone)s; poate fi "
        "ambiguă sau poate să nu existe.",
    ),
    (
        None,
        "You are seeing this message because this HTTPS site requires a “Referer header” to be "
        "sent by your web browser, but none was sent. This header is required for security "
        "reasons, to ensure that your browser is not being hijacked by third parties.",
        "Vedeți acest mesaj pentru că acest site HTTPS cere ca navigatorul să trimită antetul "
        "„Referer”, dar acesta nu a fost trimis. Antetul este cerut din motive de securitate, "
        "pentru a vă asigura că navigatorul nu este deturnat de terți.",
    ),
    (
        None,
        "If you have configured your browser to disable “Referer” headers, please re-enable "
        "them, at least for this site, or for HTTPS connections, or for “same-origin” requests.",
        "Dacă ați dezactivat antetele „Referer” în navigator, reactivați-le, cel puțin pentru "
        "acest site, pentru conexiunile HTTPS sau pentru cererile „same-origin”.",
    ),
    (
        None,
        'If you are using the <meta name="referrer" content="no-referrer"> tag or including '
        "the “Referrer-Policy: no-referrer” header, please remove them. The CSRF protection "
        "requires the “Referer” header to do strict referer checking. If you’re concerned about "
        'privacy, use alternatives like <a rel="noreferrer" …> for links to third-party '
        "sites.",
        'Dacă folosiți eticheta <meta name="referrer" content="no-referrer"> sau antetul '
        "„Referrer-Policy: no-referrer”, eliminați-le. Protecția CSRF are nevoie de antetul "
        "„Referer” pentru o verificare strictă. Pentru confidențialitate, folosiți alternative "
        'precum <a rel="noreferrer" …> în legăturile către site-uri terțe.',
    ),
    (
        None,
        "If you have configured your browser to disable cookies, please re-enable them, at "
        "least for this site, or for “same-origin” requests.",
        "Dacă ați dezactivat cookie-urile în navigator, reactivați-le, cel puțin pentru acest "
        "site sau pentru cererile „same-origin”.",
    ),
    (
        None,
        "Invalid date string “%(datestr)s” given format “%(format)s”",
        "Data „%(datestr)s” nu corespunde formatului „%(format)s”",
    ),
    (
        None,
        "Page is not “last”, nor can it be converted to an int.",
        "Pagina nu este „last” și nici un număr întreg.",
    ),
    (
        None,
        "Empty list and “%(class_name)s.allow_empty” is False.",
        "Lista este goală și „%(class_name)s.allow_empty” este False.",
    ),
    (None, "“%(path)s” does not exist", "„%(path)s” nu există"),
    # Django's admin.
    (
        None,
        "Hold down “Control”, or “Command” on a Mac, to select more than one.",
        "Țineți apăsată tasta „Control” (sau „Command” pe Mac) pentru a selecta mai multe.",
    ),
    (None, "Select this object for an action - {}", "Selectați acest obiect pentru o acțiune - {}"),
    (
        None,
        "The %(name)s “%(obj)s” was deleted successfully.",
        "%(name)s „%(obj)s” a fost șters.",
    ),
    (
        None,
        "%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?",
        "%(name)s cu ID-ul „%(key)s” nu există. Poate a fost șters?",
    ),
    (
        None,
        "There’s been an error. It’s been reported to the site administrators via email and "
        "should be fixed shortly. Thanks for your patience.",
        "A apărut o eroare. A fost semnalată prin e-mail administratorilor site-ului și va fi "
        "corectată în curând. Vă mulțumim pentru răbdare.",
    ),
    (None, "Breadcrumbs", "Firul de navigare"),
    (None, "Model name", "Denumirea modelului"),
    (None, "Add link", "Legătură de adăugare"),
    (None, "Change or view list link", "Legătură către listă"),
    (
        None,
        "You don’t have permission to view or edit anything.",
        "Nu aveți permisiunea de a vedea sau de a modifica nimic.",
    ),
    (
        None,
        "After you’ve created a user, you’ll be able to edit more user options.",
        "După ce creați utilizatorul, veți putea modifica și celelalte opțiuni ale lui.",
    ),
    (None, "Error:", "Eroare:"),
    (None, "Set password", "Setează parola"),
    (
        None,
        ("Please correct the error below.", "Please correct the errors below."),
        [
            "Corectați eroarea de mai jos.",
            "Corectați erorile de mai jos.",
            "Corectați erorile de mai jos.",
        ],
    ),
    (
        None,
        "This action will <strong>enable</strong> password-based authentication for this user.",
        "Această acțiune va <strong>activa</strong> autentificarea cu parolă pentru acest "
        "utilizator.",
    ),
    (
        None,
        "Disable password-based authentication",
        "Dezactivează autentificarea cu parolă",
    ),
    (None, "Enable password-based authentication", "Activează autentificarea cu parolă"),
    (None, "Skip to main content", "Salt la conținut"),
    (None, "Hide counts", "Ascunde numărul"),
    (None, "Show counts", "Arată numărul"),
    (
        None,
        "Toggle theme (current theme: auto)",
        "Schimbă tema (tema curentă: automată)",
    ),
    (None, "Toggle theme (current theme: light)", "Schimbă tema (tema curentă: luminoasă)"),
    (None, "Toggle theme (current theme: dark)", "Schimbă tema (tema curentă: întunecată)"),
    (None, "Added:", "Adăugat:"),
    (None, "Changed:", "Modificat:"),
    (None, "Deleted:", "Șters:"),
    (
        None,
        "Something’s wrong with your database installation. Make sure the appropriate database "
        "tables have been created, and make sure the database is readable by the appropriate "
        "user.",
        "Ceva nu este în regulă cu baza de date. Verificați că tabelele ei au fost create și că "
        "utilizatorul potrivit are drept de citire.",
    ),
    (None, "Forgotten your login credentials?", "Ați uitat datele de autentificare?"),
    (None, "Sidebar", "Bara laterală"),
    (None, "Filter navigation items", "Filtrează elementele de navigare"),
    (None, ("entry", "entries"), ["înregistrare", "înregistrări", "de înregistrări"]),
    (
        None,
        "This object doesn’t have a change history. It probably wasn’t added via this admin site.",
        "Acest obiect nu are un istoric al modificărilor în administrare. Istoricul lui este în "
        "registrul de audit.",
    ),
    (None, "View selected %(model)s", "Vezi %(model)s selectat"),
    (
        None,
        "Thanks for spending some quality time with the web site today.",
        "Vă mulțumim pentru timpul petrecut astăzi pe site.",
    ),
    (None, "In case you’ve forgotten, you are:", "În caz că ați uitat, sunteți:"),
    (
        None,
        "Select all objects on this page for an action",
        "Selectați toate obiectele din această pagină pentru o acțiune",
    ),
    # Django's accounts.
    (
        None,
        "Conflicting form data submitted. Please try again.",
        "Formularul a primit date contradictorii. Încercați din nou.",
    ),
    (
        None,
        "Password-based authentication was disabled.",
        "Autentificarea cu parolă a fost dezactivată.",
    ),
    (None, "Set password: %s", "Setează parola: %s"),
    (None, "Reset password", "Resetează parola"),
    (
        None,
        "Whether the user will be able to authenticate using a password or not. If disabled, "
        "they may still be able to authenticate using other backends, such as Single Sign-On "
        "or LDAP.",
        "Dacă utilizatorul se poate autentifica cu parolă. Dezactivată, autentificarea poate fi "
        "încă posibilă prin alte mijloace, precum Single Sign-On sau LDAP.",
    ),
    (None, "Password-based authentication", "Autentificare cu parolă"),
    (None, "Enabled", "Activată"),
    (None, "Disabled", "Dezactivată"),
    (
        None,
        "Raw passwords are not stored, so there is no way to see the user’s password.",
        "Parolele nu sunt păstrate în clar, deci parola utilizatorului nu poate fi văzută.",
    ),
    (
        None,
        "Enable password-based authentication for this user by setting a password.",
        "Activați autentificarea cu parolă a acestui utilizator setându-i o parolă.",
    ),
    (
        None,
        (
            "This password is too short. It must contain at least %d character.",
            "This password is too short. It must contain at least %d characters.",
        ),
        [
            "Parola este prea scurtă. Trebuie să aibă cel puțin %d caracter.",
            "Parola este prea scurtă. Trebuie să aibă cel puțin %d caractere.",
            "Parola este prea scurtă. Trebuie să aibă cel puțin %d de caractere.",
        ],
    ),
    (
        None,
        "Enter a valid username. This value may contain only unaccented lowercase a-z and "
        "uppercase A-Z letters, numbers, and @/./+/-/_ characters.",
        "Introduceți un nume de utilizator valid. Poate conține doar litere fără diacritice "
        "(a-z, A-Z), cifre și caracterele @/./+/-/_.",
    ),
    # django-axes: its lockouts, lifted in the admin by the secretariat and IT.
    (None, "access attempt", "încercare de autentificare"),
    (None, "access attempts", "încercări de autentificare"),
    (None, "access attempt expiration", "expirarea unei încercări de autentificare"),
    (None, "access attempt expirations", "expirări ale încercărilor de autentificare"),
    (None, "access failure", "autentificare eșuată"),
    (None, "access failures", "autentificări eșuate"),
    (None, "access log", "jurnal de autentificare"),
    (None, "access logs", "jurnale de autentificare"),
    (None, "User Agent", "Navigator (user agent)"),
    (None, "IP Address", "Adresă IP"),
    (None, "Username", "Nume de utilizator"),
    (None, "HTTP Accept", "Antet HTTP Accept"),
    (None, "Path", "Cale"),
    (None, "Attempt Time", "Momentul încercării"),
    (None, "Access lock out", "Blocare"),
    (None, "GET Data", "Date GET"),
    (None, "POST Data", "Date POST"),
    (None, "Failed Logins", "Autentificări eșuate"),
    (None, "Access Attempt", "Încercare de autentificare"),
    (None, "Expires At", "Expiră la"),
    (
        None,
        "The time when access attempt expires and is no longer valid.",
        "Momentul în care încercarea expiră și nu mai contează.",
    ),
    (None, "Logout Time", "Momentul deconectării"),
    (None, "Session key hash (sha256)", "Rezumatul cheii sesiunii (sha256)"),
    (None, "Locked Out", "Blocat"),
    (None, "Form Data", "Datele formularului"),
    (None, "Meta Data", "Metadate"),
    (None, "Clean up expired attempts", "Șterge încercările expirate"),
    (None, "Not set", "Nesetat"),
    (None, "Attempt Remaining", "Încercare rămasă"),
]

DJANGOJS: list[Message] = [
    # The admin's selector and calendar widgets.
    (
        None,
        'Choose %s by selecting them and then select the "Choose" arrow button.',
        "Alegeți %s selectându-le și apoi apăsând săgeata „Alege”.",
    ),
    (None, "Choose all %s", "Alege toate %s"),
    (None, "Choose selected %s", "Alege %s selectate"),
    (None, "Remove selected %s", "Elimină %s selectate"),
    (
        None,
        'Remove %s by selecting them and then select the "Remove" arrow button.',
        "Eliminați %s selectându-le și apoi apăsând săgeata „Elimină”.",
    ),
    (
        None,
        "Type into this box to filter down the list of selected %s.",
        "Scrieți aici pentru a filtra lista de %s selectate.",
    ),
    (None, "(click to clear)", "(clic pentru a goli)"),
    (None, "Remove all %s", "Elimină toate %s"),
    (
        None,
        ("%s selected option not visible", "%s selected options not visible"),
        [
            "%s opțiune selectată nu este vizibilă",
            "%s opțiuni selectate nu sunt vizibile",
            "%s de opțiuni selectate nu sunt vizibile",
        ],
    ),
    ("abbrev. month January", "Jan", "ian."),
    ("abbrev. month February", "Feb", "feb."),
    ("abbrev. month March", "Mar", "mar."),
    ("abbrev. month April", "Apr", "apr."),
    ("abbrev. month May", "May", "mai"),
    ("abbrev. month June", "Jun", "iun."),
    ("abbrev. month July", "Jul", "iul."),
    ("abbrev. month August", "Aug", "aug."),
    ("abbrev. month September", "Sep", "sept."),
    ("abbrev. month October", "Oct", "oct."),
    ("abbrev. month November", "Nov", "nov."),
    ("abbrev. month December", "Dec", "dec."),
    (None, "Sunday", "duminică"),
    (None, "Monday", "luni"),
    (None, "Tuesday", "marți"),
    (None, "Wednesday", "miercuri"),
    (None, "Thursday", "joi"),
    (None, "Friday", "vineri"),
    (None, "Saturday", "sâmbătă"),
    ("abbrev. day Sunday", "Sun", "dum."),
    ("abbrev. day Monday", "Mon", "lun."),
    ("abbrev. day Tuesday", "Tue", "mar."),
    ("abbrev. day Wednesday", "Wed", "mie."),
    ("abbrev. day Thursday", "Thur", "joi"),
    ("abbrev. day Friday", "Fri", "vin."),
    ("abbrev. day Saturday", "Sat", "sâm."),
]

MISSING: dict[str, list[Message]] = {"django": DJANGO, "djangojs": DJANGOJS}
