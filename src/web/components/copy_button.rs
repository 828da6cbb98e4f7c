use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CopyButtonProps {
    /// What goes on the clipboard.
    pub text: AttrValue,
    pub label: AttrValue,
    /// Read to screen readers after the label (e.g. which code).
    #[prop_or_default]
    pub hidden_label: AttrValue,
}

/// Copies `text` to the clipboard and says whether that worked.
#[function_component]
pub fn CopyButton(props: &CopyButtonProps) -> Html {
    let message = use_state(String::new);
    let onclick = {
        let message = message.clone();
        let text = props.text.clone();
        Callback::from(move |_: MouseEvent| {
            let message = message.clone();
            let text = text.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let clipboard = gloo::utils::window().navigator().clipboard();
                message.set(match JsFuture::from(clipboard.write_text(&text)).await {
                    Ok(_) => format!("Copied {text}."),
                    Err(_) => format!("This browser did not allow copying: select {text} and copy it by hand."),
                });
            });
        })
    };
    html! {
        <div class="cg-copy">
            <button class="nhsuk-button nhsuk-button--secondary cg-copy__button" type="button" {onclick}>
                { &props.label }
                if !props.hidden_label.is_empty() {
                    <span class="nhsuk-u-visually-hidden">{ format!(" {}", props.hidden_label) }</span>
                }
            </button>
            <span class="nhsuk-body-s cg-copy__status" role="status">{ (*message).clone() }</span>
        </div>
    }
}
