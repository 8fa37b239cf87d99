// Draws an image node of the editor with a Svelte component (ImageNode.svelte): the picture found by its
// SHA-256, its caption and width, edited in place. ProseMirror owns the node; the component only shows its
// attributes and asks for changes through transactions, so undo and `onchange` cover them like any edit.

import type { NodeViewRenderer } from "@tiptap/core";
import { mount, unmount } from "svelte";
import ImageNode from "./ImageNode.svelte";

export interface ImageAttrs {
  sha256: string;
  caption: string;
  width: number;
}

/** What every image of one editor shares, kept current by the editor component. */
export interface ImageContext {
  imageUrl: (sha256: string) => string | undefined;
  readonly: boolean;
}

function attrsOf(attrs: Record<string, unknown>): ImageAttrs {
  return {
    sha256: String(attrs.sha256 ?? ""),
    caption: String(attrs.caption ?? ""),
    width: typeof attrs.width === "number" ? attrs.width : 1,
  };
}

export function imageNodeView(context: ImageContext): NodeViewRenderer {
  return ({ node: initial, getPos, editor }) => {
    let node = initial;
    const dom = document.createElement("div");
    dom.className = "doc-image-node";

    const props = $state({
      attrs: attrsOf(node.attrs),
      selected: false,
      context,
      onattrs(patch: Partial<ImageAttrs>) {
        const pos = getPos();
        if (typeof pos !== "number" || !editor.isEditable) return;
        editor.view.dispatch(editor.state.tr.setNodeMarkup(pos, undefined, { ...node.attrs, ...patch }));
      },
      onremove() {
        const pos = getPos();
        if (typeof pos !== "number" || !editor.isEditable) return;
        editor.view.dispatch(editor.state.tr.delete(pos, pos + node.nodeSize));
        editor.view.focus();
      },
    });
    const component = mount(ImageNode, { target: dom, props });

    return {
      dom,
      update(updated) {
        if (updated.type !== node.type) return false;
        node = updated;
        props.attrs = attrsOf(updated.attrs);
        return true;
      },
      selectNode() {
        props.selected = true;
      },
      deselectNode() {
        props.selected = false;
      },
      // The caption field, the width list and the remove button handle their own keys and clicks.
      stopEvent(event) {
        const target = event.target;
        return target instanceof Element && target.closest("input, select, button") !== null;
      },
      // The component redraws itself; none of its DOM changes are document edits.
      ignoreMutation() {
        return true;
      },
      destroy() {
        void unmount(component);
      },
    };
  };
}
