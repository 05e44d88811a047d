use leptos::prelude::*;
use web_sys::{File, FileList, HtmlInputElement};

/// Where the export goes in: drop it, or pick the zip, JSON files or the unpacked folder.
#[component]
pub fn ImportDrop(
    /// Called with the chosen files.
    #[prop(into)]
    on_files: Callback<Vec<File>>,
    /// True while an import runs.
    #[prop(into)]
    busy: Signal<bool>,
) -> impl IntoView {
    let hovering = RwSignal::new(false);
    // `webkitdirectory` (pick a whole folder) has no typed attribute in Leptos; set it once mounted.
    let folder_input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move || {
        if let Some(input) = folder_input.get() {
            let _ = input.set_attribute("webkitdirectory", "");
        }
    });
    let from_input = move |ev: leptos::ev::Event| {
        let input: HtmlInputElement = event_target(&ev);
        on_files.run(files(input.files()));
        // The same file can be chosen again after a failed import.
        input.set_value("");
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        hovering.set(false);
        if !busy.get_untracked() {
            on_files.run(files(ev.data_transfer().and_then(|d| d.files())));
        }
    };
    view! {
        <div
            class="drop-zone"
            class:hovering=move || hovering.get()
            on:dragover=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                hovering.set(true);
            }
            on:dragleave=move |_| hovering.set(false)
            on:drop=on_drop
        >
            <p class="drop-title">"Drop your Spotify export here"</p>
            <p class="muted">"The zip as downloaded, its JSON files, or the unpacked folder."</p>
            <div class="drop-actions">
                <label class="button primary" class:disabled=move || busy.get()>
                    "Choose files"
                    <input
                        type="file"
                        class="visually-hidden"
                        multiple
                        accept=".zip,.json,application/zip,application/json"
                        prop:disabled=move || busy.get()
                        on:change=from_input
                        data-role="pick-files"
                    />
                </label>
                <label class="button" class:disabled=move || busy.get()>
                    "Choose a folder"
                    <input
                        type="file"
                        class="visually-hidden"
                        node_ref=folder_input
                        prop:disabled=move || busy.get()
                        on:change=from_input
                        data-role="pick-folder"
                    />
                </label>
            </div>
        </div>
    }
}

fn files(list: Option<FileList>) -> Vec<File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}
