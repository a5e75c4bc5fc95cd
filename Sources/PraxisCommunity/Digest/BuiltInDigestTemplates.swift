/// The default digest templates, the same text as `Config/templates/` (a test keeps them equal):
/// compiled in so that a digest can always be rendered, whatever is installed.
enum BuiltInDigestTemplates {
    static let text = #"""
{{community}} — {{title}}, {{period}}
{{summary}}
{{#objectives}}
  * {{.}}
{{/objectives}}

{{#participation}}
{{.}}
{{/participation}}
{{#sections}}

=== {{name}} ===
{{#description}}
{{description}}
{{/description}}
{{#threads}}

--- {{subject}} ---
{{new_posts}}{{labels.with}} {{participants}}
{{#thread_web_link}}
{{labels.on_the_web_colon}} {{thread_web_link}}
{{/thread_web_link}}
{{#earlier}}
({{earlier}})
{{/earlier}}
{{#posts}}

{{author}}, {{date}}:
{{text}}
{{#cut}}
[{{cut}}]
{{/cut}}
{{#has_attachments}}
Attachments:
{{#attachments}}
  - {{name}} ({{size}}){{#link}}
    {{link}}{{/link}}
{{/attachments}}
{{/has_attachments}}
{{#web_link}}
{{labels.permalink_colon}} {{web_link}}
{{/web_link}}
{{/posts}}

{{reply_instruction}}
{{/threads}}
{{/sections}}
{{#has_products}}

=== What the community produced ===
{{#products}}
{{kind}}: {{subject}}{{#note}} - {{note}}{{/note}}
{{#link}}
{{link}}
{{/link}}
{{/products}}
{{/has_products}}
{{#left_out}}

{{left_out}}
{{/left_out}}

-- 
{{labels.new_thread}} {{list_address}}.
{{#archive_link}}
{{labels.archive_colon}} {{archive_link}}
{{/archive_link}}
{{#commands}}
{{label_colon}} {{send}}
{{/commands}}
{{#mute_hint}}
{{mute_hint}}
{{/mute_hint}}
{{#unsubscribe_link}}
{{labels.unsubscribe_colon}} {{labels.unsubscribe_send}}
{{/unsubscribe_link}}
{{labels.questions_colon}} {{owner_address}}

"""#

    static let html = #"""
<!DOCTYPE html>
<html lang="{{language}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>{{title}} · {{community}}</title>
</head>
<body style="margin:0;padding:0;background-color:#eef1f5;">
<div style="max-width:640px;margin:0 auto;padding:12px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;font-size:16px;line-height:1.55;color:#1c2430;">

<div style="background-color:#1d4f73;color:#ffffff;border-radius:10px;padding:20px 20px 16px;">
<div style="font-size:13px;letter-spacing:0.04em;text-transform:uppercase;color:#d6e6f2;">{{title}} · {{period}}</div>
<h1 style="margin:6px 0 4px;font-size:24px;line-height:1.25;font-weight:700;color:#ffffff;">{{community}}</h1>
<div style="font-size:15px;color:#e4eef6;">{{summary}}</div>
{{#has_objectives}}
<ul style="margin:12px 0 0;padding-left:20px;font-size:14px;line-height:1.45;color:#d6e6f2;">
{{#objectives}}<li style="margin:2px 0;">{{.}}</li>{{/objectives}}
</ul>
{{/has_objectives}}
</div>

{{#has_participation}}
<div style="margin:12px 0 0;padding:14px 16px;background-color:#fff8e6;border:1px solid #f0d58c;border-radius:10px;font-size:15px;color:#4a3b12;">
{{#participation}}<p style="margin:0 0 6px;">{{.}}</p>{{/participation}}
</div>
{{/has_participation}}

{{#sections}}
<h2 style="margin:28px 4px 4px;font-size:19px;line-height:1.3;color:#1d4f73;">{{name}}</h2>
{{#description}}<div style="margin:0 4px 8px;font-size:14px;color:#5b6573;">{{description}}</div>{{/description}}
{{#threads}}
<div style="margin:10px 0 0;background-color:#ffffff;border:1px solid #d9dee5;border-radius:10px;padding:16px;">
<h3 style="margin:0 0 4px;font-size:17px;line-height:1.35;color:#1c2430;overflow-wrap:anywhere;word-wrap:break-word;">{{#thread_web_link}}<a href="{{thread_web_link}}" style="color:#1c2430;">{{subject}}</a>{{/thread_web_link}}{{^thread_web_link}}{{subject}}{{/thread_web_link}}</h3>
<div style="font-size:13px;color:#5b6573;margin:0 0 8px;">{{new_posts}} · {{participants}}</div>
{{#earlier}}<div style="font-size:13px;color:#5b6573;font-style:italic;margin:0 0 8px;">{{earlier}}</div>{{/earlier}}
{{#posts}}
<div style="margin:12px 0 0;padding:0 0 0 12px;border-left:3px solid #9cc3df;">
<div style="font-size:13px;color:#5b6573;margin:0 0 4px;"><strong style="color:#1c2430;">{{author}}</strong> · {{date}}{{#web_link}} · <a href="{{web_link}}" style="color:#1d4f73;">{{labels.permalink}}</a>{{/web_link}}</div>
<div style="white-space:pre-wrap;overflow-wrap:anywhere;word-wrap:break-word;font-size:15px;">{{text}}</div>
{{#cut}}<div style="font-size:13px;color:#5b6573;font-style:italic;margin:4px 0 0;">{{cut}}</div>{{/cut}}
{{#has_attachments}}<ul style="margin:8px 0 0;padding:0;list-style:none;font-size:14px;">{{#attachments}}<li style="margin:2px 0;overflow-wrap:anywhere;word-wrap:break-word;"><span style="color:#5b6573;">Attached:</span> {{#link}}<a href="{{link}}" style="color:#1d4f73;">{{name}}</a>{{/link}}{{^link}}{{name}}{{/link}} <span style="color:#5b6573;">({{size}})</span></li>{{/attachments}}</ul>{{/has_attachments}}
</div>
{{/posts}}
<div style="margin:14px 0 0;"><a href="{{reply_link}}" style="display:inline-block;background-color:#1d4f73;color:#ffffff;text-decoration:none;font-size:15px;font-weight:600;padding:9px 16px;border-radius:6px;">{{labels.reply_to_thread}}</a></div>
</div>
{{/threads}}
{{/sections}}

{{#has_products}}
<div style="margin:16px 0 0;padding:12px 16px;background-color:#ffffff;border:1px solid #d6dbe3;border-radius:10px;font-size:14px;"><div style="font-weight:bold;margin:0 0 6px;">What the community produced</div>{{#products}}<div style="margin:0 0 4px;"><b>{{kind}}</b>: {{#link}}<a href="{{link}}">{{/link}}{{subject}}{{#link}}</a>{{/link}}{{#note}} – {{note}}{{/note}}</div>{{/products}}</div>
{{/has_products}}
{{#left_out}}
<div style="margin:16px 0 0;padding:12px 16px;background-color:#ffffff;border:1px dashed #b8c0cc;border-radius:10px;font-size:14px;color:#5b6573;">{{left_out}}</div>
{{/left_out}}

<div style="margin:28px 0 8px;padding:16px 4px 0;border-top:1px solid #cfd5dd;font-size:13px;line-height:1.6;color:#4d5663;">
<p style="margin:0 0 8px;">{{labels.new_thread}} <a href="{{post_link}}" style="color:#1d4f73;">{{list_address}}</a>.{{#archive_link}} <a href="{{archive_link}}" style="color:#1d4f73;">{{labels.archive}}</a>{{/archive_link}}</p>
{{#has_commands}}
<p style="margin:0 0 4px;">{{labels.commands_intro}}</p>
<ul style="margin:0 0 8px;padding-left:20px;">
{{#commands}}<li><a href="{{link}}" style="color:#1d4f73;">{{label}}</a> <span style="color:#6b7480;">({{command}})</span></li>{{/commands}}
</ul>
{{/has_commands}}
{{#mute_hint}}<p style="margin:0 0 8px;">{{mute_hint}}</p>{{/mute_hint}}
{{#unsubscribe_link}}<p style="margin:0 0 8px;"><a href="{{unsubscribe_link}}" style="color:#1d4f73;">{{labels.unsubscribe}}</a> · {{community}}</p>{{/unsubscribe_link}}
<p style="margin:0;">{{labels.questions_colon}} <a href="{{owner_link}}" style="color:#1d4f73;">{{owner_address}}</a></p>
</div>

</div>
</body>
</html>

"""#
}
