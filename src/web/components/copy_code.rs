use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CopyCodeProps {
    pub code: AttrValue,
}

/// Copies the dotted code to the clipboard and says whether that worked.
#[function_component]
pub fn CopyCode(props: &CopyCodeProps) -> Html {
    let message = use_state(String::new);
    let onclick = {
        let message = message.clone();
        let code = props.code.clone();
        Callback::from(move |_: MouseEvent| {
            let message = message.clone();
            let code = code.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let clipboard = gloo::utils::window().navigator().clipboard();
                message.set(match JsFuture::from(clipboard.write_text(&code)).await {
                    Ok(_) => format!("Copied {code}."),
                    Err(_) => {
                        format!("This browser did not allow copying: select the code {code} and copy it by hand.")
                    }
                });
            });
        })
    };
    html! {
        <div class="cg-copy">
            <button class="nhsuk-button nhsuk-button--secondary cg-copy__button" type="button" {onclick}>
                { "Copy code" }<span class="nhsuk-u-visually-hidden">{ format!(" {}", props.code) }</span>
            </button>
            <span class="nhsuk-body-s cg-copy__status" role="status">{ (*message).clone() }</span>
        </div>
    }
}
