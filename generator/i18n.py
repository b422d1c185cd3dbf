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
    "it": {"search_corrected": "Risultati per"},
    "nl": {"search_corrected": "Resultaten voor"},
}

_MONTHS = {
    "en": "January February March April May June July August September October November December",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
}
_DATE_FORMAT = {"en": "{d} {m} {y}", "es": "{d} de {m} de {y}", "fr": "{d} {m} {y}", "de": "{d}. {m} {y}",
                "pt": "{d} de {m} de {y}"}


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
