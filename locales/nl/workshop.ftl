# Onderzoekswerkplaatsen (issue 15, punten 1-3 en 7)
nav-workshops = Werkplaatsen
workshops-title = Onderzoekswerkplaatsen
workshops-lead = In de onderzoekswerkplaats voeren onderzoekdocenten, begeleid door onderwijskundigen, design-thinking-experimenten uit rond ict-bekwaamheid en digitale veiligheid.
workshops-table = Werkplaatsen met hun samenstelling
workshops-none = Er is nog geen onderzoekswerkplaats vastgelegd.
workshop-new = Nieuwe werkplaats
workshop-save = Werkplaats opslaan
workshop-saved = De werkplaats is opgeslagen.
workshop-field-region = Regio
workshop-col-experiments = Experimenten
workshop-col-staffing = Samenstelling
workshop-title = Onderzoekswerkplaats
workshop-members-meetings = Leden en bijeenkomsten van deze werkplaats (aanwezigheid, verslagen, agenda)
workshop-staffing-met = Samenstelling gehaald: { $researchers } onderzoekdocenten (minimaal { $min_researchers }), { $educationalists } onderwijskundigen (minimaal { $min_educationalists }), namens { $institutions } mbo-instellingen (minimaal { $min_institutions }).
workshop-staffing-short = Samenstelling nog niet gehaald: { $researchers } onderzoekdocenten (minimaal { $min_researchers }), { $educationalists } onderwijskundigen (minimaal { $min_educationalists }), namens { $institutions } mbo-instellingen (minimaal { $min_institutions }).
workshop-rotation = Rotatie van de leden
workshop-rotation-lead = Het plan: na deelname van maximaal twee jaar wordt er gewisseld. Leden worden drie maanden vooraf gemarkeerd.
workshop-no-members = Deze werkplaats heeft nog geen leden.
workshop-col-rotation = Rotatie
workshop-rotation-current = Deelname tot { $due }
workshop-rotation-due-soon = Wisselt binnenkort: deelname tot { $due }
workshop-rotation-overdue = Over de termijn: deelname liep tot { $due }
workshop-experiments = Experimenten
workshop-search = Zoek in titel en onderzoeksvraag
workshop-search-button = Zoeken
workshop-no-experiments = Deze werkplaats heeft nog geen experimenten.
workshop-no-experiments-found = Geen experimenten gevonden met deze zoekterm.
workshop-requests = Verzoeken om een experiment
workshop-no-requests = Er zijn nog geen verzoeken ingediend.

experiment-title = Experiment
experiment-new-title = Nieuw experiment
experiment-edit-title = Experiment wijzigen
experiment-field-title = Titel
experiment-field-question = Onderzoeksvraag
experiment-field-theme = Thema
experiment-field-phase = Fase van design thinking
experiment-field-status = Status
experiment-field-educationalist = Begeleidende onderwijskundige
experiment-field-researchers = Onderzoekdocenten
experiment-field-domains = Deelgebieden van de monitor
experiment-field-results = Resultaten
experiment-field-conclusions = Conclusies
experiment-team = Team
experiment-team-met = { $researchers } onderzoekdocenten (minimaal { $min }), onderwijskundige: { $educationalist }. Norm gehaald.
experiment-team-not-met = { $researchers } onderzoekdocenten (minimaal { $min }), onderwijskundige: { $educationalist }. Norm nog niet gehaald.
experiment-choose = Maak een keuze
experiment-no-educationalist = Nog geen onderwijskundige
experiment-researchers-hint = Het plan: experimenten worden verricht door tenminste 5 onderzoekdocenten, onder begeleiding van tenminste 1 onderwijskundige. Publiceren kan pas als dat zo is.
experiment-no-researchers = Deze werkplaats heeft nog geen onderzoekdocenten.
experiment-publish-hint = Een gepubliceerd experiment ligt vast en wordt een openbaar item van de bibliotheek; tot dan blijft het intern.
experiment-save = Experiment opslaan
experiment-saved = Het experiment is opgeslagen.
experiment-in-phase = fase: { $phase }
experiment-published-final = Dit experiment is gepubliceerd en ligt vast.
experiment-status-changed = De status is intussen gewijzigd of deze stap is niet toegestaan. Open het experiment opnieuw.
experiment-log = Logboek van design thinking
experiment-current-phase = huidige fase
experiment-log-none = Nog geen aantekeningen in deze fase.
experiment-log-done = Wat is er gedaan
experiment-log-learned = Wat is er geleerd
experiment-log-attachment = Bijlage openen
experiment-log-new = Aantekening toevoegen
experiment-log-date = Datum
experiment-log-link = Link naar een bijlage (optioneel, https://…)
experiment-log-save = Aantekening opslaan
experiment-log-saved = De aantekening is opgeslagen.
experiment-answers-requests = Dit experiment beantwoordt
experiment-theme-choose = Kies een thema.
experiment-educationalist-unknown = Kies een onderwijskundige van deze werkplaats.
experiment-researcher-unknown = Kies alleen onderzoekdocenten van deze werkplaats.
experiment-domain-unknown = Kies alleen deelgebieden van de monitor.
experiment-phase-choose = Kies een fase.
experiment-status-choose = Kies een status.
experiment-status-new = Een nieuw experiment begint als idee of loopt al.
experiment-status-step = Van { $from ->
        [idea] idee
        [running] lopend
        [finished] afgerond
       *[other] gepubliceerd
    } naar { $to ->
        [idea] idee
        [running] lopend
        [finished] afgerond
       *[other] gepubliceerd
    } kan niet: de status gaat één stap vooruit (een afgerond experiment mag weer lopen).
experiment-results-needed = Vul de resultaten in voordat het experiment afgerond of gepubliceerd wordt.
experiment-conclusions-needed = Vul de conclusies in voordat het experiment gepubliceerd wordt.
experiment-team-short = Publiceren kan pas met tenminste { $min } onderzoekdocenten en een onderwijskundige; nu { $researchers } onderzoekdocenten.
experiment-log-future = De datum ligt in de toekomst.
experiment-link-invalid = Geef een webadres dat begint met https:// of http://, zonder spaties.
experiment-phase-empathise = Inleven
experiment-phase-define = Definiëren
experiment-phase-ideate = Ideeën bedenken
experiment-phase-prototype = Prototype maken
experiment-phase-test = Testen
experiment-status-idea = Idee
experiment-status-running = Lopend
experiment-status-finished = Afgerond
experiment-status-published = Gepubliceerd
experiment-theme-ict-competence = Ict-bekwaamheid
experiment-theme-digital-safety = Digitale veiligheid

request-from-choose = Kies namens wie u het verzoek indient.
request-date-future = De datum ligt in de toekomst.
request-experiment-choose = Kies het experiment van deze werkplaats dat het verzoek beantwoordt.
request-decision-choose = Kies: aannemen of afwijzen.
request-from-steering-group = Stuurgroep
request-pending = In behandeling.
request-accepted = Aangenomen op { $on }: beantwoord door het experiment “{ $experiment }”.
request-declined = Afgewezen op { $on }. Reden: { $reason }
request-heading = Verzoek van { $from }, { $on }
request-outcome = Uitkomst:
request-to-experiment = Naar het experiment
request-decision = Besluit
request-accept = Aannemen (koppel het experiment dat het beantwoordt)
request-decline = Afwijzen (met reden)
request-field-experiment = Experiment
request-experiment-placeholder = Kies een experiment
request-field-reason = Reden van afwijzing
request-decide = Besluit opslaan
request-new = Een experiment aanvragen
request-field-from = Namens
request-field-question = Vraag
request-field-date = Datum van het verzoek
request-save = Verzoek indienen
request-saved = Het verzoek is ingediend.
request-decided = Het besluit is opgeslagen.
request-already-decided = Over dit verzoek is al besloten.

kpi-detail-workshop-researchers = { $researchers } onderzoekdocenten in { $workshop } in { $period }
audit-entity-workshop = Onderzoekswerkplaats
audit-action-experiment-created = Experiment vastgelegd
audit-action-experiment-changed = Experiment gewijzigd
audit-action-experiment-logged = Aantekening bij experiment
audit-action-experiment-request-received = Verzoek om experiment ontvangen
audit-action-experiment-request-decided = Besluit over verzoek
