//! The accessibility statement (tillgänglighetsredogörelse) that Swedish law (DOS-lagen, 2018:1937) asks of
//! public-sector websites, with where to report problems.

use crate::error::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

pub const STATEMENT_PATH: &str = "/tillganglighet";

/// The configured e-mail address for reporting problems, if any.
#[server]
pub async fn accessibility_contact() -> Result<Option<String>, AppError> {
    let contact = crate::web::app_state()?.accessibility_contact;
    Ok((!contact.is_empty()).then(|| contact.to_string()))
}

#[component]
pub fn StatementPage() -> impl IntoView {
    let contact = Resource::new(|| (), |_| accessibility_contact());
    view! {
        <Title text="Tillgänglighetsredogörelse"/>
        <article class="card">
            <h1>"Tillgänglighetsredogörelse"</h1>
            <p>
                "Den här webbplatsen visar kommunens och polisens medborgarlöften och hur de följs upp. Vi vill att så "
                "många som möjligt ska kunna använda den, oavsett funktionsnedsättning."
            </p>
            <h2>"Hur tillgänglig är webbplatsen?"</h2>
            <p>
                "Webbplatsen är byggd för att uppfylla WCAG 2.1 nivå AA. Alla sidor fungerar med enbart tangentbord, "
                "med skärmläsare och utan JavaScript, och de är anpassade för mobiltelefoner. De publika sidorna "
                "granskas automatiskt med verktyget axe vid varje ändring."
            </p>
            <h2>"Kända brister"</h2>
            <ul>
                <li>"Webbplatsen finns ännu bara på svenska."</li>
                <li>"Tider i kalenderfilen visas på det sätt din kalenderapp väljer."</li>
            </ul>
            <h2>"Rapportera brister"</h2>
            <p>
                "Om du upptäcker problem som inte beskrivs här, eller om du behöver innehåll i ett annat format, "
                "kontakta oss. Vi svarar inom två arbetsdagar."
            </p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match contact.await {
                        Ok(Some(address)) => view! {
                            <p class="contact">"E-post: " <a href=format!("mailto:{address}")>{address.clone()}</a></p>
                        }
                        .into_any(),
                        _ => view! {
                            <p class="contact">"Kontakta den kommun som har tecknat medborgarlöftet."</p>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
            <h2>"Tillsyn"</h2>
            <p>
                "Myndigheten för digital förvaltning (Digg) har ansvar för tillsyn över lagen om tillgänglighet till "
                "digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du kontakta Digg "
                "och påtala det."
            </p>
        </article>
    }
}
