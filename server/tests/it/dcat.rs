//! The DCAT-AP-SE catalogue the national data portal harvests, read back by a real RDF/XML parser.

use crate::common::spawn_app;
use domain::credentials::Role;
use oxrdf::{NamedOrBlankNode, Term, Triple};

const DCAT: &str = "http://www.w3.org/ns/dcat#";
const DCTERMS: &str = "http://purl.org/dc/terms/";
const FOAF: &str = "http://xmlns.com/foaf/0.1/";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// The IRIs of the subjects of type `class`.
fn of_type(triples: &[Triple], class: &str) -> Vec<String> {
    triples
        .iter()
        .filter(|t| t.predicate.as_str() == RDF_TYPE)
        .filter(|t| matches!(&t.object, Term::NamedNode(n) if n.as_str() == class))
        .map(|t| match &t.subject {
            NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
            other => panic!("a {class} is a blank node: {other}"),
        })
        .collect()
}

/// The objects of `subject`'s `predicate`, as text (an IRI or a literal's value).
fn values(triples: &[Triple], subject: &str, predicate: &str) -> Vec<String> {
    triples
        .iter()
        .filter(|t| matches!(&t.subject, NamedOrBlankNode::NamedNode(n) if n.as_str() == subject))
        .filter(|t| t.predicate.as_str() == predicate)
        .map(|t| match &t.object {
            Term::NamedNode(n) => n.as_str().to_owned(),
            Term::Literal(l) => l.value().to_owned(),
            other => panic!("{subject} {predicate}: a blank node {other}"),
        })
        .collect()
}

#[tokio::test]
async fn the_catalogue_names_every_published_agreement_with_its_distributions() {
    let app = spawn_app().await;
    // An unpublished copy must not be listed.
    let admin = app.signed_in("nora", Role::Admin).await;
    let (status, _) = app
        .post_form(
            &admin,
            "/api/v1/admin/agreements/copy",
            &[
                ("id", "1"),
                ("slug", "opublicerad"),
                ("valid_from", "2027-01-01"),
                ("valid_to", "2027-12-31"),
            ],
        )
        .await;
    assert!((200..400).contains(&status));

    let res = app.client.get(app.url("/dcat.rdf")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("application/rdf+xml"));
    let body = res.bytes().await.unwrap();
    let triples: Vec<Triple> = oxrdfxml::RdfXmlParser::new()
        .for_slice(&body)
        .collect::<Result<_, _>>()
        .expect("RDF/XML that parses");

    let origin = app.url("");
    let catalogues = of_type(&triples, &format!("{DCAT}Catalog"));
    assert_eq!(catalogues, [format!("{origin}/dcat.rdf#catalog")]);
    let catalogue = &catalogues[0];
    assert!(!values(&triples, catalogue, &format!("{DCTERMS}title")).is_empty());
    assert!(!values(&triples, catalogue, &format!("{DCTERMS}description")).is_empty());

    let publisher = values(&triples, catalogue, &format!("{DCTERMS}publisher"));
    assert_eq!(publisher.len(), 1);
    assert_eq!(of_type(&triples, &format!("{FOAF}Agent")), publisher);
    assert_eq!(
        values(&triples, &publisher[0], &format!("{FOAF}name")),
        ["Exempelkommunen"]
    );
    assert_eq!(
        values(&triples, &publisher[0], &format!("{DCTERMS}identifier")),
        ["212000-0000"]
    );

    let datasets = of_type(&triples, &format!("{DCAT}Dataset"));
    assert_eq!(
        datasets,
        [format!("{origin}/avtal/savsjo-2018-2019#dataset")],
        "published ones only"
    );
    assert_eq!(
        values(&triples, catalogue, &format!("{DCAT}dataset")),
        datasets
    );
    let dataset = &datasets[0];
    for required in ["title", "description", "publisher"] {
        assert!(
            !values(&triples, dataset, &format!("{DCTERMS}{required}")).is_empty(),
            "{required}"
        );
    }
    let contact = values(&triples, dataset, &format!("{DCAT}contactPoint"));
    assert_eq!(contact.len(), 1);
    assert_eq!(
        values(
            &triples,
            &contact[0],
            "http://www.w3.org/2006/vcard/ns#hasEmail"
        ),
        ["mailto:oppnadata@example.org"]
    );

    let distributions = values(&triples, dataset, &format!("{DCAT}distribution"));
    assert_eq!(distributions.len(), 2, "JSON and CSV");
    let mut urls = Vec::new();
    for d in &distributions {
        assert!(of_type(&triples, &format!("{DCAT}Distribution")).contains(d));
        assert_eq!(
            values(&triples, d, &format!("{DCTERMS}license")),
            ["http://creativecommons.org/licenses/by/4.0/"],
            "CC BY 4.0 as the portal writes it"
        );
        let access = values(&triples, d, &format!("{DCAT}accessURL"));
        assert_eq!(access.len(), 1);
        assert!(access[0].starts_with("http"), "absolute: {access:?}");
        urls.push(access[0].clone());
    }
    urls.sort();
    assert_eq!(
        urls,
        [
            format!("{origin}/api/v1/agreements/savsjo-2018-2019/progress"),
            format!("{origin}/api/v1/agreements/savsjo-2018-2019/progress.csv"),
        ]
    );
    // And each distribution answers.
    for url in &urls {
        let res = app.client.get(url).send().await.unwrap();
        assert_eq!(res.status(), 200, "{url}");
    }
    // No blank node anywhere in the catalogue.
    assert!(triples
        .iter()
        .all(|t| matches!(t.subject, NamedOrBlankNode::NamedNode(_))));
}
