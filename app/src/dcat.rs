//! `GET /dcat.rdf`: the instance's open data as a DCAT-AP-SE catalogue in RDF/XML, the form the national
//! data portal harvests. The instance is a `dcat:Catalog`; each published agreement a `dcat:Dataset` with
//! its progress JSON and CSV as `dcat:Distribution`s under CC BY 4.0. Every catalogue, dataset,
//! distribution, publisher and contact point is named by an absolute IRI on the public origin
//! (`LOFTE_PUBLIC_ORIGIN`, else the request's `Host`): none is a blank node.

use crate::agreements::model::AgreementSummary;
use crate::error::AppError;
use crate::paths;
use crate::web::{AppState, Publisher};
use axum::extract::State;
use axum::http::{header, HeaderMap};
use axum::response::IntoResponse;
use oxrdf::{Literal, NamedNode, Triple};

pub const DCAT: &str = "http://www.w3.org/ns/dcat#";
pub const DCTERMS: &str = "http://purl.org/dc/terms/";
pub const FOAF: &str = "http://xmlns.com/foaf/0.1/";
pub const VCARD: &str = "http://www.w3.org/2006/vcard/ns#";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
/// CC BY 4.0, written as the portal expects it.
pub const LICENCE: &str = "http://creativecommons.org/licenses/by/4.0/";
const THEME_JUSTICE: &str = "http://publications.europa.eu/resource/authority/data-theme/JUST";
const SWEDISH: &str = "http://publications.europa.eu/resource/authority/language/SWE";
const FILE_TYPES: &str = "http://publications.europa.eu/resource/authority/file-type/";
const MEDIA_TYPES: &str = "https://www.iana.org/assignments/media-types/";

pub fn routes() -> axum::Router<AppState> {
    axum::Router::new().route(paths::DCAT, axum::routing::get(catalogue))
}

async fn catalogue(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, AppError> {
    let origin = crate::web::site_origin(state.public_origin.as_deref(), &headers)
        .ok_or(AppError::NotFound)?;
    let agreements = crate::agreements::db::list(&state.pool).await?;
    let body = rdf_xml(&triples(&origin, &state.publisher, &agreements))?;
    Ok((
        [(header::CONTENT_TYPE, "application/rdf+xml; charset=utf-8")],
        body,
    ))
}

fn iri(text: String) -> NamedNode {
    NamedNode::new_unchecked(text)
}

fn term(namespace: &str, name: &str) -> NamedNode {
    iri(format!("{namespace}{name}"))
}

/// The catalogue's statements.
pub fn triples(
    origin: &str,
    publisher: &Publisher,
    agreements: &[AgreementSummary],
) -> Vec<Triple> {
    let mut out = Vec::new();
    let mut add =
        |s: &NamedNode, p: NamedNode, o: oxrdf::Term| out.push(Triple::new(s.clone(), p, o));
    let sv = |text: &str| Literal::new_language_tagged_literal_unchecked(text, "sv").into();
    let en = |text: &str| Literal::new_language_tagged_literal_unchecked(text, "en").into();
    let plain = |text: &str| Literal::new_simple_literal(text).into();
    let here = |fragment: &str| iri(format!("{origin}{}#{fragment}", paths::DCAT));

    let catalogue = here("catalog");
    let agent = here("publisher");
    let contact = here("contact");
    add(
        &catalogue,
        iri(RDF_TYPE.into()),
        term(DCAT, "Catalog").into(),
    );
    add(&catalogue, term(DCTERMS, "title"), sv("Medborgarlöften"));
    add(&catalogue, term(DCTERMS, "title"), en("Citizen promises"));
    add(
        &catalogue,
        term(DCTERMS, "description"),
        sv("Kommunernas och polisens medborgarlöften: löftena, aktiviteternas mål och hur det går med dem."),
    );
    add(
        &catalogue,
        term(DCTERMS, "description"),
        en("The municipalities' and the police's citizen promises: the promises, their activities' targets and how they are going."),
    );
    add(&catalogue, term(DCTERMS, "publisher"), agent.clone().into());
    add(
        &catalogue,
        term(DCTERMS, "license"),
        iri(LICENCE.into()).into(),
    );
    add(
        &catalogue,
        term(DCTERMS, "language"),
        iri(SWEDISH.into()).into(),
    );
    add(
        &catalogue,
        term(FOAF, "homepage"),
        iri(format!("{origin}/")).into(),
    );

    add(&agent, iri(RDF_TYPE.into()), term(FOAF, "Agent").into());
    add(&agent, term(FOAF, "name"), plain(&publisher.name));
    if !publisher.orgnr.is_empty() {
        add(&agent, term(DCTERMS, "identifier"), plain(&publisher.orgnr));
    }

    add(
        &contact,
        iri(RDF_TYPE.into()),
        term(VCARD, "Organization").into(),
    );
    add(&contact, term(VCARD, "fn"), plain(&publisher.name));
    if !publisher.email.is_empty() {
        add(
            &contact,
            term(VCARD, "hasEmail"),
            iri(format!("mailto:{}", publisher.email)).into(),
        );
    }

    for a in agreements {
        let page = format!("{origin}{}", paths::agreement(&a.slug));
        let dataset = iri(format!("{page}#dataset"));
        add(&catalogue, term(DCAT, "dataset"), dataset.clone().into());
        add(&dataset, iri(RDF_TYPE.into()), term(DCAT, "Dataset").into());
        add(&dataset, term(DCTERMS, "title"), sv(&a.title));
        let names: Vec<&str> = a.municipalities.iter().map(|m| m.name.as_str()).collect();
        add(
            &dataset,
            term(DCTERMS, "description"),
            sv(&format!(
                "Medborgarlöftet för {} {}–{}: varje aktivitets mål och utfall per period.",
                names.join(", "),
                a.valid_from,
                a.valid_to
            )),
        );
        add(&dataset, term(DCTERMS, "identifier"), plain(&a.slug));
        add(&dataset, term(DCTERMS, "publisher"), agent.clone().into());
        add(&dataset, term(DCAT, "contactPoint"), contact.clone().into());
        add(
            &dataset,
            term(DCAT, "landingPage"),
            iri(page.clone()).into(),
        );
        add(
            &dataset,
            term(DCAT, "theme"),
            iri(THEME_JUSTICE.into()).into(),
        );
        add(&dataset, term(DCAT, "keyword"), sv("medborgarlöfte"));
        add(
            &dataset,
            term(DCTERMS, "language"),
            iri(SWEDISH.into()).into(),
        );
        let period = iri(format!("{page}#period"));
        add(&dataset, term(DCTERMS, "temporal"), period.clone().into());
        add(
            &period,
            iri(RDF_TYPE.into()),
            term(DCTERMS, "PeriodOfTime").into(),
        );
        let date = |d: chrono::NaiveDate| {
            Literal::new_typed_literal(
                d.to_string(),
                iri("http://www.w3.org/2001/XMLSchema#date".into()),
            )
            .into()
        };
        add(&period, term(DCAT, "startDate"), date(a.valid_from));
        add(&period, term(DCAT, "endDate"), date(a.valid_to));
        for (kind, path, media) in [
            (
                "JSON",
                paths::with_slug(paths::API_PROGRESS, &a.slug),
                "application/json",
            ),
            (
                "CSV",
                paths::with_slug(paths::API_PROGRESS_CSV, &a.slug),
                "text/csv",
            ),
        ] {
            let url = format!("{origin}{path}");
            let distribution = iri(format!("{page}#{}", kind.to_lowercase()));
            add(
                &dataset,
                term(DCAT, "distribution"),
                distribution.clone().into(),
            );
            add(
                &distribution,
                iri(RDF_TYPE.into()),
                term(DCAT, "Distribution").into(),
            );
            add(
                &distribution,
                term(DCTERMS, "title"),
                sv(&format!("{} ({kind})", a.title)),
            );
            add(
                &distribution,
                term(DCAT, "accessURL"),
                iri(url.clone()).into(),
            );
            add(&distribution, term(DCAT, "downloadURL"), iri(url).into());
            add(
                &distribution,
                term(DCTERMS, "format"),
                term(FILE_TYPES, kind).into(),
            );
            add(
                &distribution,
                term(DCAT, "mediaType"),
                term(MEDIA_TYPES, media).into(),
            );
            add(
                &distribution,
                term(DCTERMS, "license"),
                iri(LICENCE.into()).into(),
            );
        }
    }
    out
}

fn rdf_xml(triples: &[Triple]) -> Result<Vec<u8>, AppError> {
    let mut serializer = oxrdfxml::RdfXmlSerializer::new();
    for (prefix, namespace) in [
        ("dcat", DCAT),
        ("dcterms", DCTERMS),
        ("foaf", FOAF),
        ("vcard", VCARD),
    ] {
        serializer = serializer
            .with_prefix(prefix, namespace)
            .map_err(AppError::internal)?;
    }
    let mut writer = serializer.for_writer(Vec::new());
    for t in triples {
        writer.serialize_triple(t).map_err(AppError::internal)?;
    }
    writer.finish().map_err(AppError::internal)
}
