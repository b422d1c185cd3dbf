"""Our own UI strings (Material translates its own), and localised dates. Pure data."""

from __future__ import annotations

import datetime as dt

from generator.languages import base

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "home": "Help center", "search_hero": "How can we help?", "search_placeholder": "Search the help center",
        "browse": "Browse by topic", "popular": "Popular articles", "popular_topics": "Popular topics",
        "articles_one": "1 article", "articles_other": "{n} articles", "updated": "Last updated",
        "helpful": "Was this article helpful?", "yes": "Yes", "no": "No",
        "thanks": "Thanks for your feedback!", "still_need_help": "Still need help?", "contact": "Contact us",
        "not_found": "Page not found",
        "not_found_text": "We couldn't find that page. Try searching, or start again from the help center home.",
        "back_home": "Back to the help center", "choose_language": "Choose your language",
        "breadcrumb": "Breadcrumb", "previous": "Previous", "next": "Next", "page_of": "Page {page} of {pages}",
        "pages": "Pages", "in_this_section": "Articles in this section", "topics": "Topics",
        "no_results": "No results. Try other words, browse the topics below, or contact us.",
        "search_corrected": "Showing results for",
    },
    "es": {
        "home": "Centro de ayuda", "search_hero": "¿En qué podemos ayudarte?",
        "search_placeholder": "Buscar en el centro de ayuda", "browse": "Explora por tema",
        "popular": "Artículos más consultados", "popular_topics": "Temas más consultados",
        "articles_one": "1 artículo", "articles_other": "{n} artículos", "updated": "Última actualización",
        "helpful": "¿Te ha resultado útil este artículo?", "yes": "Sí", "no": "No",
        "thanks": "¡Gracias por tu opinión!", "still_need_help": "¿Sigues necesitando ayuda?",
        "contact": "Contacta con nosotros", "not_found": "Página no encontrada",
        "not_found_text": "No hemos encontrado esta página. Prueba a buscar o vuelve al inicio del centro de ayuda.",
        "back_home": "Volver al centro de ayuda", "choose_language": "Elige tu idioma", "breadcrumb": "Ruta",
        "previous": "Anterior", "next": "Siguiente", "page_of": "Página {page} de {pages}", "pages": "Páginas",
        "in_this_section": "Artículos de esta sección", "topics": "Temas",
        "no_results": "Sin resultados. Prueba con otras palabras, consulta los temas o contacta con nosotros.",
        "search_corrected": "Mostrando resultados de",
    },
    "fr": {
        "home": "Centre d'aide", "search_hero": "Comment pouvons-nous vous aider ?",
        "search_placeholder": "Rechercher dans le centre d'aide", "browse": "Parcourir par thème",
        "popular": "Articles les plus consultés", "popular_topics": "Sujets les plus demandés",
        "articles_one": "1 article", "articles_other": "{n} articles", "updated": "Dernière mise à jour",
        "helpful": "Cet article vous a-t-il été utile ?", "yes": "Oui", "no": "Non",
        "thanks": "Merci pour votre retour !", "still_need_help": "Besoin d'aide supplémentaire ?",
        "contact": "Contactez-nous", "not_found": "Page introuvable",
        "not_found_text": "Cette page n'existe pas. Lancez une recherche ou revenez à l'accueil du centre d'aide.",
        "back_home": "Retour au centre d'aide", "choose_language": "Choisissez votre langue",
        "breadcrumb": "Fil d'Ariane", "previous": "Précédent", "next": "Suivant",
        "page_of": "Page {page} sur {pages}", "pages": "Pages", "in_this_section": "Articles de cette rubrique",
        "topics": "Thèmes",
        "no_results": "Aucun résultat. Essayez d'autres mots, parcourez les thèmes ou contactez-nous.",
        "search_corrected": "Résultats pour",
    },
    "de": {
        "home": "Hilfe-Center", "search_hero": "Wie können wir helfen?", "search_placeholder": "Hilfe-Center durchsuchen",
        "browse": "Themen durchsuchen", "popular": "Beliebte Artikel", "popular_topics": "Häufige Themen",
        "articles_one": "1 Artikel", "articles_other": "{n} Artikel", "updated": "Zuletzt aktualisiert",
        "helpful": "War dieser Artikel hilfreich?", "yes": "Ja", "no": "Nein", "thanks": "Danke für Ihr Feedback!",
        "still_need_help": "Brauchen Sie weitere Hilfe?", "contact": "Kontakt aufnehmen",
        "not_found": "Seite nicht gefunden",
        "not_found_text": "Diese Seite gibt es nicht. Suchen Sie oder kehren Sie zur Startseite zurück.",
        "back_home": "Zurück zum Hilfe-Center", "choose_language": "Sprache wählen", "breadcrumb": "Brotkrumen",
        "previous": "Zurück", "next": "Weiter", "page_of": "Seite {page} von {pages}", "pages": "Seiten",
        "in_this_section": "Artikel in diesem Bereich", "topics": "Themen",
        "no_results": "Keine Treffer. Versuchen Sie andere Wörter, stöbern Sie in den Themen oder kontaktieren Sie uns.",
        "search_corrected": "Ergebnisse für",
    },
    "pt": {
        "home": "Central de ajuda", "search_hero": "Como podemos ajudar?",
        "search_placeholder": "Pesquisar na central de ajuda", "browse": "Explorar por tema",
        "popular": "Artigos mais lidos", "popular_topics": "Temas mais procurados", "articles_one": "1 artigo",
        "articles_other": "{n} artigos", "updated": "Última atualização", "helpful": "Este artigo foi útil?",
        "yes": "Sim", "no": "Não", "thanks": "Obrigado pelo seu feedback!", "still_need_help": "Ainda precisa de ajuda?",
        "contact": "Fale connosco", "not_found": "Página não encontrada",
        "not_found_text": "Não encontrámos esta página. Pesquise ou volte ao início da central de ajuda.",
        "back_home": "Voltar à central de ajuda", "choose_language": "Escolha o seu idioma", "breadcrumb": "Navegação",
        "previous": "Anterior", "next": "Seguinte", "page_of": "Página {page} de {pages}", "pages": "Páginas",
        "in_this_section": "Artigos desta secção", "topics": "Temas",
        "no_results": "Sem resultados. Experimente outras palavras, veja os temas ou fale connosco.",
        "search_corrected": "A mostrar resultados para",
    },
    "it": {
        "home": "Centro assistenza", "search_hero": "Come possiamo aiutarti?",
        "search_placeholder": "Cerca nel centro assistenza", "browse": "Sfoglia per argomento",
        "popular": "Articoli più letti", "popular_topics": "Argomenti più richiesti", "articles_one": "1 articolo",
        "articles_other": "{n} articoli", "updated": "Ultimo aggiornamento",
        "helpful": "Questo articolo ti è stato utile?", "yes": "Sì", "no": "No",
        "thanks": "Grazie per il tuo feedback!", "still_need_help": "Hai ancora bisogno di aiuto?",
        "contact": "Contattaci", "not_found": "Pagina non trovata",
        "not_found_text": "Non abbiamo trovato questa pagina. Prova a cercare o torna alla home del centro assistenza.",
        "back_home": "Torna al centro assistenza", "choose_language": "Scegli la tua lingua", "breadcrumb": "Percorso",
        "previous": "Precedente", "next": "Successivo", "page_of": "Pagina {page} di {pages}", "pages": "Pagine",
        "in_this_section": "Articoli in questa sezione", "topics": "Argomenti",
        "no_results": "Nessun risultato. Prova con altre parole, sfoglia gli argomenti o contattaci.",
        "search_corrected": "Risultati per",
    },
    "nl": {
        "home": "Helpcentrum", "search_hero": "Hoe kunnen we helpen?", "search_placeholder": "Zoek in het helpcentrum",
        "browse": "Bladeren per onderwerp", "popular": "Populaire artikelen", "popular_topics": "Populaire onderwerpen",
        "articles_one": "1 artikel", "articles_other": "{n} artikelen", "updated": "Laatst bijgewerkt",
        "helpful": "Was dit artikel nuttig?", "yes": "Ja", "no": "Nee", "thanks": "Bedankt voor je feedback!",
        "still_need_help": "Nog hulp nodig?", "contact": "Neem contact op", "not_found": "Pagina niet gevonden",
        "not_found_text": "We konden deze pagina niet vinden. Zoek opnieuw of ga terug naar de startpagina van het "
                          "helpcentrum.",
        "back_home": "Terug naar het helpcentrum", "choose_language": "Kies je taal", "breadcrumb": "Kruimelpad",
        "previous": "Vorige", "next": "Volgende", "page_of": "Pagina {page} van {pages}", "pages": "Pagina's",
        "in_this_section": "Artikelen in deze sectie", "topics": "Onderwerpen",
        "no_results": "Geen resultaten. Probeer andere woorden, blader door de onderwerpen of neem contact op.",
        "search_corrected": "Resultaten voor",
    },
}

#: Strings added with the translation notices, the footer and the feedback form, per language.
_MORE: dict[str, dict[str, str]] = {
    "en": {"made_with": "Made with", "honeypot": "Do not fill this in",
           "stale_notice": "This translation may be out of date: the original was updated on {date}.",
           "read_original": "Read the original", "untranslated": "Not translated yet",
           "untranslated_text": "This article hasn't been translated into this language yet. You can read it in:"},
    "es": {"made_with": "Hecho con", "honeypot": "No rellenes este campo",
           "stale_notice": "Puede que esta traducción no esté al día: el original se actualizó el {date}.",
           "read_original": "Leer el original", "untranslated": "Aún sin traducir",
           "untranslated_text": "Este artículo aún no está traducido a este idioma. Puedes leerlo en:"},
    "fr": {"made_with": "Réalisé avec", "honeypot": "Ne remplissez pas ce champ",
           "stale_notice": "Cette traduction n'est peut-être plus à jour : l'original a été mis à jour le {date}.",
           "read_original": "Lire l'original", "untranslated": "Pas encore traduit",
           "untranslated_text": "Cet article n'est pas encore traduit dans cette langue. Vous pouvez le lire en :"},
    "de": {"made_with": "Erstellt mit", "honeypot": "Bitte nicht ausfüllen",
           "stale_notice": "Diese Übersetzung ist möglicherweise veraltet: Das Original wurde am {date} aktualisiert.",
           "read_original": "Original lesen", "untranslated": "Noch nicht übersetzt",
           "untranslated_text": "Dieser Artikel ist noch nicht in diese Sprache übersetzt. Sie können ihn hier lesen:"},
    "pt": {"made_with": "Feito com", "honeypot": "Não preencha este campo",
           "stale_notice": "Esta tradução pode estar desatualizada: o original foi atualizado a {date}.",
           "read_original": "Ler o original", "untranslated": "Ainda não traduzido",
           "untranslated_text": "Este artigo ainda não foi traduzido para este idioma. Pode lê-lo em:"},
    "it": {"made_with": "Realizzato con", "honeypot": "Non compilare questo campo",
           "stale_notice": "Questa traduzione potrebbe non essere aggiornata: l'originale è stato aggiornato il {date}.",
           "read_original": "Leggi l'originale", "untranslated": "Non ancora tradotto",
           "untranslated_text": "Questo articolo non è ancora tradotto in questa lingua. Puoi leggerlo in:"},
    "nl": {"made_with": "Gemaakt met", "honeypot": "Vul dit niet in",
           "stale_notice": "Deze vertaling is mogelijk verouderd: het origineel is bijgewerkt op {date}.",
           "read_original": "Lees het origineel", "untranslated": "Nog niet vertaald",
           "untranslated_text": "Dit artikel is nog niet in deze taal vertaald. Je kunt het lezen in:"},
}
for _code, _values in _MORE.items():
    STRINGS[_code].update(_values)

#: Languages every one of our strings is written in (tests hold each to the English keys).
COMPLETE = ("en", "es", "fr", "de", "pt", "it", "nl")

#: Titles of the admonition types Material styles, for ``!!! tip`` without a title of its own
#: (Python-Markdown would print the type, capitalised, in English). Aliases take their type's title
#: (:data:`ADMONITION_ALIASES`), but for the few with a word of their own.
ADMONITION_TITLES: dict[str, dict[str, str]] = {
    "es": {"note": "Nota", "abstract": "Resumen", "info": "Información", "tip": "Consejo", "success": "Hecho",
           "question": "Pregunta", "warning": "Advertencia", "failure": "Fallo", "danger": "Peligro",
           "bug": "Error de software", "example": "Ejemplo", "quote": "Cita", "important": "Importante",
           "caution": "Precaución", "error": "Error"},
    "fr": {"note": "Remarque", "abstract": "Résumé", "info": "Info", "tip": "Astuce", "success": "Réussi",
           "question": "Question", "warning": "Avertissement", "failure": "Échec", "danger": "Danger",
           "bug": "Bogue", "example": "Exemple", "quote": "Citation", "important": "Important",
           "caution": "Attention", "error": "Erreur"},
    "de": {"note": "Hinweis", "abstract": "Zusammenfassung", "info": "Info", "tip": "Tipp", "success": "Erledigt",
           "question": "Frage", "warning": "Warnung", "failure": "Fehlgeschlagen", "danger": "Gefahr",
           "bug": "Programmfehler", "example": "Beispiel", "quote": "Zitat", "important": "Wichtig",
           "caution": "Vorsicht", "error": "Fehler"},
    "pt": {"note": "Nota", "abstract": "Resumo", "info": "Informação", "tip": "Dica", "success": "Concluído",
           "question": "Pergunta", "warning": "Aviso", "failure": "Falha", "danger": "Perigo",
           "bug": "Erro de software", "example": "Exemplo", "quote": "Citação", "important": "Importante",
           "caution": "Cuidado", "error": "Erro"},
    "it": {"note": "Nota", "abstract": "Riassunto", "info": "Informazioni", "tip": "Suggerimento",
           "success": "Fatto", "question": "Domanda", "warning": "Avvertenza", "failure": "Non riuscito",
           "danger": "Pericolo", "bug": "Difetto", "example": "Esempio", "quote": "Citazione",
           "important": "Importante", "caution": "Attenzione", "error": "Errore"},
    "nl": {"note": "Opmerking", "abstract": "Samenvatting", "info": "Info", "tip": "Tip", "success": "Gelukt",
           "question": "Vraag", "warning": "Waarschuwing", "failure": "Mislukt", "danger": "Gevaar",
           "bug": "Programmafout", "example": "Voorbeeld", "quote": "Citaat", "important": "Belangrijk",
           "caution": "Voorzichtig", "error": "Fout"},
}
#: Material's aliases of its admonition types.
ADMONITION_ALIASES = {"summary": "abstract", "tldr": "abstract", "todo": "info", "hint": "tip", "check": "success",
                      "done": "success", "help": "question", "faq": "question", "attention": "caution",
                      "fail": "failure", "missing": "failure", "cite": "quote"}


def admonition_title(kind: str, code: str) -> str | None:
    """The title ``!!! kind`` gets in ``code`` when the writer gave none; None to keep Python-Markdown's
    own (English, and any type we don't know: a writer's custom class)."""
    titles = ADMONITION_TITLES.get(code) or ADMONITION_TITLES.get(base(code))
    if not titles:
        return None
    kind = kind.lower()
    return titles.get(kind) or titles.get(ADMONITION_ALIASES.get(kind, ""))


_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
}
_DATE_FORMAT = {"en": "{d} {m} {y}", "es": "{d} de {m} de {y}", "fr": "{d} {m} {y}", "de": "{d}. {m} {y}",
                "pt": "{d} de {m} de {y}", "it": "{d} {m} {y}", "nl": "{d} {m} {y}"}


def strings(code: str) -> dict[str, str]:
    """UI strings for ``code``: the language's own where we have them, English for the rest."""
    return {**STRINGS["en"], **STRINGS.get(base(code), {}), **STRINGS.get(code, {})}


def format_date(day: dt.date, code: str) -> str:
    """``20 October 2026`` / ``20 de octubre de 2026``; ISO for languages we have no month names for."""
    lang = base(code)
    if lang not in _MONTHS:
        return day.isoformat()
    month = _MONTHS[lang].split()[day.month - 1]
    return _DATE_FORMAT[lang].format(d=day.day, m=month, y=day.year)
