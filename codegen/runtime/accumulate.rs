//! Accumulators, written once by hand and copied into every generated crate
//! as `accumulate`: they add up a stream as it arrives into the value the
//! same request would have returned unstreamed.
//!
//! - [`ChatAccumulator`] (feature `chat`): chat completion chunks into a
//!   [`CreateChatCompletionResponse`](crate::CreateChatCompletionResponse).
//! - [`ResponseAccumulator`] (feature `responses`): Responses stream events
//!   into a [`Response`](crate::Response).
//! - `Accumulating` (feature `client`): a stream adapter that yields each
//!   event unchanged and keeps the running state, for the client's streams.
//!
//! Each accumulator takes events one at a time with `push`, can show the
//! state so far with `snapshot`, and gives the result with `finish`.
//! Nothing here panics: an event that does not fit the state (an index out
//! of place, a delta for an item never announced) is applied as well as it
//! can be, or ignored.

/// One event stream added up into its final value.
pub trait Accumulate<Event> {
    /// What the events add up to.
    type Output;

    /// Applies one event.
    fn push(&mut self, event: &Event);

    /// The value so far, as if the stream ended now.
    fn snapshot(&self) -> Self::Output;

    /// The value the events add up to.
    fn finish(self) -> Self::Output;
}

#[cfg(feature = "chat")]
pub use chat::ChatAccumulator;
#[cfg(feature = "client")]
pub use stream::Accumulating;
#[cfg(feature = "responses")]
pub use responses::ResponseAccumulator;

#[cfg(feature = "chat")]
mod chat {
    use std::collections::BTreeMap;

    use super::Accumulate;
    use crate::runtime::{Extra, Nullable};
    use crate::{
        ChatCompletionMessageToolCall, ChatCompletionMessageToolCallFunction, ChatCompletionMessageToolCallsItem,
        ChatCompletionModeration, ChatCompletionResponseMessage, ChatCompletionResponseMessageFunctionCall,
        ChatCompletionTokenLogprob, CompletionUsage, CreateChatCompletionResponse, CreateChatCompletionResponseChoice,
        CreateChatCompletionResponseFinishReason, ChoiceLogprobs,
        CreateChatCompletionStreamResponse, CreateChatCompletionStreamResponseChoice, ServiceTier,
    };

    /// Adds up chat completion chunks into the completion the same request
    /// returns unstreamed.
    ///
    /// Per choice (by `index`): `content` and `refusal` are the deltas
    /// joined (`None` while no delta had text, as an unstreamed tool-call
    /// answer has `content: null`); tool calls are joined per tool-call
    /// `index` (the first chunk of a call brings its `id` and name, the
    /// following ones pieces of its `arguments`); the last `finish_reason`
    /// and the logprobs of every chunk. For the whole completion: `id`,
    /// `created`, `model`, `system_fingerprint`, `service_tier` from the
    /// chunks, and `usage` from the chunk that carries it (the last one, with
    /// `stream_options.include_usage`).
    ///
    /// ```
    /// # use openai_types::{accumulate::ChatAccumulator, CreateChatCompletionStreamResponse};
    /// let mut accumulator = ChatAccumulator::new();
    /// for data in [
    ///     r#"{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Hel"},"finish_reason":null}]}"#,
    ///     r#"{"id":"c1","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":"stop"}]}"#,
    /// ] {
    ///     let chunk: CreateChatCompletionStreamResponse = serde_json::from_str(data)?;
    ///     accumulator.push(&chunk);
    /// }
    /// let completion = accumulator.finish();
    /// assert_eq!(completion.choices[0].message.content.as_deref(), Some("Hello"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[derive(Clone, Debug, Default)]
    pub struct ChatAccumulator {
        id: Option<String>,
        created: Option<i64>,
        model: Option<String>,
        service_tier: Nullable<ServiceTier>,
        system_fingerprint: Option<String>,
        usage: Option<Box<CompletionUsage>>,
        moderation: Nullable<ChatCompletionModeration>,
        choices: BTreeMap<i64, Choice>,
        chunks: usize,
    }

    /// One choice so far.
    #[derive(Clone, Debug, Default)]
    struct Choice {
        content: Option<String>,
        refusal: Option<String>,
        tool_calls: BTreeMap<i64, ToolCall>,
        function_call: Option<ChatCompletionResponseMessageFunctionCall>,
        finish_reason: Option<CreateChatCompletionResponseFinishReason>,
        logprobs: Option<Logprobs>,
    }

    /// One tool call so far.
    #[derive(Clone, Debug, Default)]
    struct ToolCall {
        id: String,
        name: String,
        arguments: String,
    }

    #[derive(Clone, Debug, Default)]
    struct Logprobs {
        content: Option<Vec<ChatCompletionTokenLogprob>>,
        refusal: Option<Vec<ChatCompletionTokenLogprob>>,
    }

    /// Appends a delta's text; an empty delta does not make the field `Some`.
    fn append(slot: &mut Option<String>, piece: Option<&String>) {
        match (slot.as_mut(), piece) {
            (Some(text), Some(piece)) => text.push_str(piece),
            (None, Some(piece)) if !piece.is_empty() => *slot = Some(piece.clone()),
            _ => {}
        }
    }

    fn extend<T: Clone>(slot: &mut Option<Vec<T>>, items: Option<&Vec<T>>) {
        if let Some(items) = items {
            slot.get_or_insert_with(Vec::new).extend(items.iter().cloned());
        }
    }

    impl ChatAccumulator {
        /// An accumulator that has seen no chunk.
        pub fn new() -> Self {
            Self::default()
        }

        /// Applies one chunk.
        pub fn push(&mut self, chunk: &CreateChatCompletionStreamResponse) {
            self.chunks += 1;
            self.id = Some(chunk.id.clone());
            self.created = Some(chunk.created);
            self.model = Some(chunk.model.clone());
            if !chunk.service_tier.is_absent() {
                self.service_tier = chunk.service_tier.clone();
            }
            #[allow(deprecated)]
            if let Some(fingerprint) = &chunk.system_fingerprint {
                self.system_fingerprint = Some(fingerprint.clone());
            }
            if let Some(usage) = chunk.usage.as_ref() {
                self.usage = Some(usage.clone());
            }
            if !chunk.moderation.is_absent() {
                self.moderation = chunk.moderation.clone();
            }
            for choice in &chunk.choices {
                self.choices.entry(choice.index).or_default().push(choice);
            }
        }

        /// How many chunks were pushed.
        pub fn chunks(&self) -> usize {
            self.chunks
        }

        /// The completion so far, as if the stream ended now.
        pub fn snapshot(&self) -> CreateChatCompletionResponse {
            self.clone().finish()
        }

        /// The completion the chunks add up to. Fields no chunk brought (a
        /// `finish_reason` when the stream was cut, everything when there was
        /// no chunk) hold placeholders and are recorded as absent in `extra`,
        /// as when such a completion is read.
        pub fn finish(self) -> CreateChatCompletionResponse {
            let mut extra = Extra::default();
            #[allow(deprecated)]
            CreateChatCompletionResponse {
                id: extra.fill(self.id, "id"),
                choices: self.choices.into_iter().map(|(index, choice)| choice.finish(index)).collect(),
                created: extra.fill(self.created, "created"),
                model: extra.fill(self.model, "model"),
                metadata: Nullable::Absent,
                service_tier: self.service_tier,
                system_fingerprint: self.system_fingerprint,
                object: Default::default(),
                usage: self.usage,
                moderation: self.moderation,
                extra,
            }
        }
    }

    impl Choice {
        fn push(&mut self, choice: &CreateChatCompletionStreamResponseChoice) {
            let delta = &choice.delta;
            append(&mut self.content, delta.content.as_ref());
            append(&mut self.refusal, delta.refusal.as_ref());
            for call in delta.tool_calls.iter().flatten() {
                let entry = self.tool_calls.entry(call.index).or_default();
                if let Some(id) = call.id.as_ref().filter(|id| !id.is_empty()) {
                    entry.id.clone_from(id);
                }
                if let Some(function) = &call.function {
                    entry.name.push_str(function.name.as_deref().unwrap_or_default());
                    entry.arguments.push_str(function.arguments.as_deref().unwrap_or_default());
                }
            }
            #[allow(deprecated)]
            if let Some(function) = &delta.function_call {
                let call = self.function_call.get_or_insert_with(|| ChatCompletionResponseMessageFunctionCall {
                    arguments: String::new(),
                    name: String::new(),
                    extra: Extra::default(),
                });
                call.name.push_str(function.name.as_deref().unwrap_or_default());
                call.arguments.push_str(function.arguments.as_deref().unwrap_or_default());
            }
            if let Some(reason) = &choice.finish_reason {
                // The two enums have the same values; the wire value carries over.
                self.finish_reason = Some(reason.as_str().into());
            }
            if let Some(logprobs) = choice.logprobs.as_ref() {
                let state = self.logprobs.get_or_insert_with(Logprobs::default);
                extend(&mut state.content, logprobs.content.as_ref());
                extend(&mut state.refusal, logprobs.refusal.as_ref());
            }
        }

        fn finish(self, index: i64) -> CreateChatCompletionResponseChoice {
            let tool_calls: Vec<ChatCompletionMessageToolCallsItem> = self
                .tool_calls
                .into_values()
                .map(|call| {
                    ChatCompletionMessageToolCallsItem::Function(ChatCompletionMessageToolCall {
                        id: call.id,
                        r#type: Default::default(),
                        function: ChatCompletionMessageToolCallFunction {
                            name: call.name,
                            arguments: call.arguments,
                            extra: Extra::default(),
                        },
                        extra: Extra::default(),
                    })
                })
                .collect();
            let mut extra = Extra::default();
            #[allow(deprecated)]
            let message = ChatCompletionResponseMessage {
                content: self.content,
                refusal: self.refusal,
                tool_calls: (!tool_calls.is_empty()).then_some(tool_calls),
                annotations: None,
                role: Default::default(),
                function_call: self.function_call,
                audio: Nullable::Absent,
                extra: Extra::default(),
            };
            CreateChatCompletionResponseChoice {
                finish_reason: extra.fill(self.finish_reason, "finish_reason"),
                index,
                message,
                logprobs: self.logprobs.map(|logprobs| ChoiceLogprobs {
                    content: logprobs.content,
                    refusal: logprobs.refusal,
                    extra: Extra::default(),
                }),
                extra,
            }
        }
    }

    impl Accumulate<CreateChatCompletionStreamResponse> for ChatAccumulator {
        type Output = CreateChatCompletionResponse;

        fn push(&mut self, event: &CreateChatCompletionStreamResponse) {
            ChatAccumulator::push(self, event);
        }

        fn snapshot(&self) -> CreateChatCompletionResponse {
            ChatAccumulator::snapshot(self)
        }

        fn finish(self) -> CreateChatCompletionResponse {
            ChatAccumulator::finish(self)
        }
    }
}

#[cfg(feature = "responses")]
mod responses {
    use std::collections::BTreeMap;

    use super::Accumulate;
    use crate::runtime::{Extra, Placeholder};
    use crate::{
        OutputContent, OutputItem, OutputMessageContent, OutputTextContent, ReasoningItem, ReasoningTextContent,
        RefusalContent, Response, ResponseErrorEvent, ResponseStreamEvent, SummaryTextContent,
    };

    /// The element at `index` of `list`, or a new element made with `make` and
    /// appended when the list is shorter (an event for a part never announced);
    /// `None` for a negative index.
    fn slot_or_push<T>(list: &mut Vec<T>, index: i64, make: impl FnOnce() -> T) -> Option<&mut T> {
        let index = usize::try_from(index).ok()?;
        if index >= list.len() {
            list.push(make());
            return list.last_mut();
        }
        list.get_mut(index)
    }

    /// Adds up Responses stream events into the [`Response`] the same
    /// request returns unstreamed.
    ///
    /// The `response.completed`, `response.incomplete` or `response.failed`
    /// event carries the whole response: once one arrives, it is the result.
    /// Until then (and when the stream is cut before it), the response is the
    /// last `response.created` / `response.in_progress` / `response.queued`
    /// snapshot with its `output` built from the item events: items from
    /// `response.output_item.added` (replaced by `response.output_item.done`),
    /// message parts from `response.content_part.added`/`.done`, text from
    /// `response.output_text.delta`/`.done` and `response.refusal.*`,
    /// annotations, function-call arguments, custom tool-call input and MCP
    /// call arguments from their deltas, reasoning summaries and reasoning
    /// text from theirs. Other events (tool progress, audio) change nothing:
    /// their item arrives whole with `response.output_item.done`. Token
    /// logprobs of text deltas are not kept (the delta and the output part
    /// type them differently); the final response has them.
    ///
    /// ```
    /// # use openai_types::{accumulate::ResponseAccumulator, ResponseStreamEvent};
    /// let mut accumulator = ResponseAccumulator::new();
    /// for data in [
    ///     r#"{"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"id":"msg_1","type":"message","status":"in_progress","role":"assistant","content":[]}}"#,
    ///     r#"{"type":"response.output_text.delta","sequence_number":2,"item_id":"msg_1","output_index":0,"content_index":0,"delta":"Hi","logprobs":[]}"#,
    ///     r#"{"type":"response.output_text.delta","sequence_number":3,"item_id":"msg_1","output_index":0,"content_index":0,"delta":" there","logprobs":[]}"#,
    /// ] {
    ///     let event: ResponseStreamEvent = serde_json::from_str(data)?;
    ///     accumulator.push(&event);
    /// }
    /// assert_eq!(accumulator.output_text(), "Hi there");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[derive(Clone, Debug, Default)]
    pub struct ResponseAccumulator {
        /// The last snapshot sent before the end (`created`, `in_progress`, `queued`).
        started: Option<Response>,
        /// The response of the event that ends the stream.
        ended: Option<Response>,
        /// Output items by `output_index`.
        output: BTreeMap<i64, OutputItem>,
        /// The last `error` event.
        error: Option<ResponseErrorEvent>,
        events: usize,
    }

    fn output_text() -> OutputTextContent {
        OutputTextContent { r#type: Default::default(), text: String::new(), annotations: Vec::new(), logprobs: Vec::new(), extra: Extra::default() }
    }

    fn refusal() -> RefusalContent {
        RefusalContent { r#type: Default::default(), refusal: String::new(), extra: Extra::default() }
    }

    fn summary_text(text: &str) -> SummaryTextContent {
        SummaryTextContent { r#type: Default::default(), text: text.to_string(), extra: Extra::default() }
    }

    fn reasoning_text(text: &str) -> ReasoningTextContent {
        ReasoningTextContent { r#type: Default::default(), text: text.to_string(), extra: Extra::default() }
    }

    /// How a content part reads as a message part (reasoning text is not one).
    fn message_part(part: &OutputContent) -> Option<OutputMessageContent> {
        match part {
            OutputContent::OutputText(text) => Some(OutputMessageContent::OutputText(text.clone())),
            OutputContent::Refusal(refusal) => Some(OutputMessageContent::Refusal(refusal.clone())),
            OutputContent::Unknown(value) => Some(OutputMessageContent::Unknown(value.clone())),
            OutputContent::ReasoningText(_) => None,
        }
    }

    /// Sets or appends: the `.done` events carry the whole text, deltas a piece.
    enum Text<'a> {
        Append(&'a str),
        Replace(&'a str),
    }

    impl Text<'_> {
        fn apply(self, target: &mut String) {
            match self {
                Text::Append(piece) => target.push_str(piece),
                Text::Replace(whole) => whole.clone_into(target),
            }
        }
    }

    impl ResponseAccumulator {
        /// An accumulator that has seen no event.
        pub fn new() -> Self {
            Self::default()
        }

        /// Applies one event.
        pub fn push(&mut self, event: &ResponseStreamEvent) {
            use ResponseStreamEvent as E;
            self.events += 1;
            match event {
                E::ResponseCreated(e) => self.started = Some(e.response.clone()),
                E::ResponseInProgress(e) => self.started = Some(e.response.clone()),
                E::ResponseQueued(e) => self.started = Some(e.response.clone()),
                E::ResponseCompleted(e) => self.ended = Some(e.response.clone()),
                E::ResponseIncomplete(e) => self.ended = Some(e.response.clone()),
                E::ResponseFailed(e) => self.ended = Some(e.response.clone()),
                E::Error(e) => self.error = Some(e.clone()),
                E::ResponseOutputItemAdded(e) => {
                    self.output.insert(e.output_index, e.item.clone());
                }
                E::ResponseOutputItemDone(e) => {
                    self.output.insert(e.output_index, e.item.clone());
                }
                E::ResponseContentPartAdded(e) => self.set_part(e.output_index, e.content_index, &e.part),
                E::ResponseContentPartDone(e) => self.set_part(e.output_index, e.content_index, &e.part),
                E::ResponseOutputTextDelta(e) => self.message_text(e.output_index, e.content_index, Text::Append(&e.delta)),
                E::ResponseOutputTextDone(e) => self.message_text(e.output_index, e.content_index, Text::Replace(&e.text)),
                E::ResponseOutputTextAnnotationAdded(e) => {
                    if let (Some(annotation), Some(OutputMessageContent::OutputText(part))) =
                        (&e.annotation, self.message_part_mut(e.output_index, e.content_index, || OutputMessageContent::OutputText(output_text())))
                    {
                        part.annotations.push(annotation.clone());
                    }
                }
                E::ResponseRefusalDelta(e) => self.refusal(e.output_index, e.content_index, Text::Append(&e.delta)),
                E::ResponseRefusalDone(e) => self.refusal(e.output_index, e.content_index, Text::Replace(&e.refusal)),
                E::ResponseFunctionCallArgumentsDelta(e) => {
                    if let Some(OutputItem::FunctionCall(call)) = self.output.get_mut(&e.output_index) {
                        call.arguments.push_str(&e.delta);
                    }
                }
                E::ResponseFunctionCallArgumentsDone(e) => {
                    if let Some(OutputItem::FunctionCall(call)) = self.output.get_mut(&e.output_index) {
                        e.arguments.clone_into(&mut call.arguments);
                        if !e.name.is_empty() {
                            e.name.clone_into(&mut call.name);
                        }
                    }
                }
                E::ResponseCustomToolCallInputDelta(e) => {
                    if let Some(OutputItem::CustomToolCall(call)) = self.output.get_mut(&e.output_index) {
                        call.input.push_str(&e.delta);
                    }
                }
                E::ResponseCustomToolCallInputDone(e) => {
                    if let Some(OutputItem::CustomToolCall(call)) = self.output.get_mut(&e.output_index) {
                        e.input.clone_into(&mut call.input);
                    }
                }
                E::ResponseMcpCallArgumentsDelta(e) => {
                    if let Some(OutputItem::McpCall(call)) = self.output.get_mut(&e.output_index) {
                        call.arguments.push_str(&e.delta);
                    }
                }
                E::ResponseMcpCallArgumentsDone(e) => {
                    if let Some(OutputItem::McpCall(call)) = self.output.get_mut(&e.output_index) {
                        e.arguments.clone_into(&mut call.arguments);
                    }
                }
                E::ResponseReasoningSummaryPartAdded(e) => {
                    self.summary(e.output_index, e.summary_index, Text::Replace(&e.part.text));
                }
                E::ResponseReasoningSummaryPartDone(e) => {
                    self.summary(e.output_index, e.summary_index, Text::Replace(&e.part.text));
                }
                E::ResponseReasoningSummaryTextDelta(e) => self.summary(e.output_index, e.summary_index, Text::Append(&e.delta)),
                E::ResponseReasoningSummaryTextDone(e) => self.summary(e.output_index, e.summary_index, Text::Replace(&e.text)),
                E::ResponseReasoningTextDelta(e) => self.reasoning_text(e.output_index, e.content_index, Text::Append(&e.delta)),
                E::ResponseReasoningTextDone(e) => self.reasoning_text(e.output_index, e.content_index, Text::Replace(&e.text)),
                // Progress events and the like: their item arrives whole with
                // `response.output_item.done`.
                _ => {}
            }
        }

        /// How many events were pushed.
        pub fn events(&self) -> usize {
            self.events
        }

        /// True once the event that ends the stream (`response.completed`,
        /// `response.incomplete` or `response.failed`) has arrived.
        pub fn is_finished(&self) -> bool {
            self.ended.is_some()
        }

        /// The last `error` event, if one was sent.
        pub fn error(&self) -> Option<&ResponseErrorEvent> {
            self.error.as_ref()
        }

        /// The text of every `output_text` part of every message, joined, as
        /// the official SDKs' `output_text`.
        pub fn output_text(&self) -> String {
            let items: Box<dyn Iterator<Item = &OutputItem>> = match &self.ended {
                Some(response) => Box::new(response.output.iter()),
                None => Box::new(self.output.values()),
            };
            let mut text = String::new();
            for item in items {
                if let OutputItem::Message(message) = item {
                    for part in &message.content {
                        if let OutputMessageContent::OutputText(part) = part {
                            text.push_str(&part.text);
                        }
                    }
                }
            }
            text
        }

        /// The response so far, as if the stream ended now.
        pub fn snapshot(&self) -> Response {
            match &self.ended {
                Some(response) => response.clone(),
                None => self.clone().finish(),
            }
        }

        /// The response the events add up to: the final event's response
        /// when it came, else the response built from the events (see the
        /// type's docs); with no snapshot event at all, its fields other
        /// than `output` hold placeholders.
        pub fn finish(self) -> Response {
            if let Some(response) = self.ended {
                return response;
            }
            let mut response = self.started.unwrap_or_else(Response::placeholder);
            if !self.output.is_empty() {
                response.output = self.output.into_values().collect();
            }
            response
        }

        fn set_part(&mut self, output_index: i64, content_index: i64, part: &OutputContent) {
            match (self.output.get_mut(&output_index), part) {
                (Some(OutputItem::Message(message)), part) => {
                    if let Some(part) = message_part(part) {
                        if let Some(slot) = slot_or_push(&mut message.content, content_index, || part.clone()) {
                            *slot = part;
                        }
                    }
                }
                (Some(OutputItem::Reasoning(reasoning)), OutputContent::ReasoningText(text)) => {
                    let content = reasoning.content.get_or_insert_with(Vec::new);
                    if let Some(slot) = slot_or_push(content, content_index, || text.clone()) {
                        slot.clone_from(text);
                    }
                }
                _ => {}
            }
        }

        fn message_part_mut(
            &mut self,
            output_index: i64,
            content_index: i64,
            make: impl FnOnce() -> OutputMessageContent,
        ) -> Option<&mut OutputMessageContent> {
            match self.output.get_mut(&output_index)? {
                OutputItem::Message(message) => slot_or_push(&mut message.content, content_index, make),
                _ => None,
            }
        }

        fn message_text(&mut self, output_index: i64, content_index: i64, text: Text<'_>) {
            let part = self.message_part_mut(output_index, content_index, || OutputMessageContent::OutputText(output_text()));
            if let Some(OutputMessageContent::OutputText(part)) = part {
                text.apply(&mut part.text);
            }
        }

        fn refusal(&mut self, output_index: i64, content_index: i64, text: Text<'_>) {
            let part = self.message_part_mut(output_index, content_index, || OutputMessageContent::Refusal(refusal()));
            if let Some(OutputMessageContent::Refusal(part)) = part {
                text.apply(&mut part.refusal);
            }
        }

        fn reasoning(&mut self, output_index: i64) -> Option<&mut ReasoningItem> {
            match self.output.get_mut(&output_index)? {
                OutputItem::Reasoning(reasoning) => Some(reasoning),
                _ => None,
            }
        }

        fn summary(&mut self, output_index: i64, summary_index: i64, text: Text<'_>) {
            let Some(reasoning) = self.reasoning(output_index) else { return };
            if let Some(part) = slot_or_push(&mut reasoning.summary, summary_index, || summary_text("")) {
                text.apply(&mut part.text);
            }
        }

        fn reasoning_text(&mut self, output_index: i64, content_index: i64, text: Text<'_>) {
            let Some(reasoning) = self.reasoning(output_index) else { return };
            let content = reasoning.content.get_or_insert_with(Vec::new);
            if let Some(part) = slot_or_push(content, content_index, || reasoning_text("")) {
                text.apply(&mut part.text);
            }
        }
    }

    impl Accumulate<ResponseStreamEvent> for ResponseAccumulator {
        type Output = Response;

        fn push(&mut self, event: &ResponseStreamEvent) {
            ResponseAccumulator::push(self, event);
        }

        fn snapshot(&self) -> Response {
            ResponseAccumulator::snapshot(self)
        }

        fn finish(self) -> Response {
            ResponseAccumulator::finish(self)
        }
    }
}

#[cfg(feature = "client")]
mod stream {
    use std::pin::Pin;
    use std::task::{Context, Poll};

    use futures_core::Stream;

    use super::Accumulate;

    /// A stream of `Result<Event, E>` that yields every item unchanged and
    /// pushes each event into an accumulator as it passes, so the running
    /// state is there at any point ([`accumulator`](Self::accumulator)) and
    /// the result at the end ([`finish`](Self::finish)). Errors pass through
    /// and leave the state as it was.
    ///
    /// The inner stream must be `Unpin` (the client's streams are); pin one
    /// that is not with `Box::pin`.
    #[derive(Debug)]
    pub struct Accumulating<S, A> {
        stream: S,
        accumulator: A,
    }

    impl<S, A> Accumulating<S, A> {
        /// Wraps `stream`, adding its events to `accumulator`.
        pub fn new(stream: S, accumulator: A) -> Self {
            Accumulating { stream, accumulator }
        }

        /// The state so far.
        pub fn accumulator(&self) -> &A {
            &self.accumulator
        }

        /// The value so far, as if the stream ended now.
        pub fn snapshot<Event>(&self) -> A::Output
        where
            A: Accumulate<Event>,
        {
            self.accumulator.snapshot()
        }

        /// The value the events seen add up to (read the stream to its end
        /// first for the whole value).
        pub fn finish<Event>(self) -> A::Output
        where
            A: Accumulate<Event>,
        {
            self.accumulator.finish()
        }

        /// The stream and the accumulator, apart.
        pub fn into_parts(self) -> (S, A) {
            (self.stream, self.accumulator)
        }
    }

    #[cfg(feature = "chat")]
    impl<S> Accumulating<S, super::ChatAccumulator> {
        /// Wraps a stream of chat completion chunks.
        pub fn chat(stream: S) -> Self {
            Accumulating::new(stream, super::ChatAccumulator::new())
        }
    }

    #[cfg(feature = "responses")]
    impl<S> Accumulating<S, super::ResponseAccumulator> {
        /// Wraps a stream of Responses events.
        pub fn responses(stream: S) -> Self {
            Accumulating::new(stream, super::ResponseAccumulator::new())
        }
    }

    impl<S, A, Event, E> Stream for Accumulating<S, A>
    where
        S: Stream<Item = Result<Event, E>> + Unpin,
        A: Accumulate<Event> + Unpin,
    {
        type Item = Result<Event, E>;

        fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            let this = self.get_mut();
            let item = Pin::new(&mut this.stream).poll_next(cx);
            if let Poll::Ready(Some(Ok(event))) = &item {
                this.accumulator.push(event);
            }
            item
        }

        fn size_hint(&self) -> (usize, Option<usize>) {
            self.stream.size_hint()
        }
    }
}
