/// The archive's default templates and stylesheet, the same text as `Config/templates/web/`
/// (written by `scripts/write-web-templates.py`; a test keeps them equal): compiled in so that a
/// page can always be rendered, whatever is installed.
enum BuiltInWebTemplates {
    static let files: [String: String] = [
        "error.html.mustache": ##"""
<h1>{{heading}}</h1>
<p>{{explanation}}</p>
<p><a href="{{links.home}}">{{labels.startPageOf}}</a></p>

"""##,
        "feed.atom.mustache": ##"""
<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>{{id}}</id>
<title>{{title}}</title>
<updated>{{updated}}</updated>
<link rel="self" href="{{selfURL}}"/>
<link rel="alternate" type="text/html" href="{{pageURL}}"/>
<generator>Praxis</generator>
{{#entries}}
<entry>
<id>{{id}}</id>
<title>{{subject}}</title>
<updated>{{updated}}</updated>
<author><name>{{author}}</name></author>
<link rel="alternate" type="text/html" href="{{url}}"/>
<category term="{{subIssue}}"/>
<content type="text">{{text}}</content>
</entry>
{{/entries}}
</feed>

"""##,
        "home.html.mustache": ##"""
<h1>{{community}}</h1>
{{#hasObjectives}}
<h2>{{labels.objectivesHeading}}</h2>
<ul class="list">
{{#objectives}}
<li>{{.}}</li>
{{/objectives}}
</ul>
{{/hasObjectives}}
<form class="search-form" action="{{links.search}}" method="get" role="search">
<label class="label" for="q">{{labels.searchArchive}}</label>
<div class="search-row">
<input class="input" id="q" name="q" type="search" maxlength="2000">
<button class="button" type="submit">{{labels.search}}</button>
</div>
<p class="hint">{{labels.searchHint}} <a href="{{links.search}}">{{labels.howToSearch}}</a></p>
</form>
{{#hasProducts}}
<h2>{{labels.productsHeading}}</h2>
<ul class="list">
{{#products}}
<li>{{kind}}: <a href="{{url}}">{{subject}}</a> <span class="hint">({{subIssue}}, {{date}})</span>{{#note}}<br>{{note}}{{/note}}</li>
{{/products}}
</ul>
{{/hasProducts}}
<h2>{{labels.subIssuesHeading}}</h2>
<table class="table">
<thead><tr><th scope="col">{{labels.subIssue}}</th><th scope="col" class="number">{{labels.threads}}</th><th scope="col" class="number">{{labels.posts}}</th><th scope="col" class="hide-narrow">{{labels.latest}}</th></tr></thead>
<tbody>
{{#subIssues}}
<tr><td><a href="{{url}}">{{name}}</a>{{#description}}<br><span class="hint">{{description}}</span>{{/description}}</td><td class="number">{{threads}}</td><td class="number">{{posts}}</td><td class="hide-narrow">{{latest}}</td></tr>
{{/subIssues}}
</tbody>
</table>
{{#hasCoreGroup}}
<h2>{{labels.coreGroupHeading}}</h2>
<ul class="list">
{{#coreGroup}}
<li><a href="{{url}}">{{name}}</a></li>
{{/coreGroup}}
</ul>
{{/hasCoreGroup}}
<h2>{{labels.joinHeading}}</h2>
<p>{{labels.joinSend}} <code>subscribe</code> {{labels.joinTo}} <a href="{{subscribeLink}}">{{requestAddress}}</a>. {{labels.joinPostsGo}} <a href="mailto:{{listAddress}}">{{listAddress}}</a>.</p>
{{#hasMonths}}
<h2>{{labels.byMonth}}</h2>
<ul class="months">
{{#months}}
<li><a href="{{url}}">{{label}}</a> <span class="hint">({{posts}})</span></li>
{{/months}}
</ul>
{{/hasMonths}}

"""##,
        "layout.html.mustache": ##"""
<!DOCTYPE html>
<html lang="{{lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{{title}} – {{community}}</title>
<link rel="stylesheet" href="{{links.stylesheet}}">
{{#feed}}
<link rel="alternate" type="application/atom+xml" title="{{title}}" href="{{feed}}">
{{/feed}}
</head>
<body>
<header class="masthead">
<a class="masthead-name" href="{{links.home}}">{{community}}</a>
{{^isSearchPage}}
<form class="masthead-search" action="{{links.search}}" method="get" role="search">
<label class="masthead-label" for="masthead-q">{{labels.search}}</label>
<input class="masthead-input" id="masthead-q" name="q" type="search" maxlength="2000">
<button class="masthead-button" type="submit">{{labels.go}}</button>
</form>
{{/isSearchPage}}
<div class="account">
{{#signedIn}}
<form class="account-form" method="post" action="{{links.signOut}}"><span class="account-name">{{labels.signedInAs}} {{name}}</span> · {{#links.post}}<a class="account-link" href="{{links.post}}">{{labels.write}}</a> · {{/links.post}}<input type="hidden" name="form_token" value="{{formToken}}"><button class="link-button" type="submit">{{labels.signOut}}</button></form>
{{/signedIn}}
{{^signedIn}}
<a class="account-link" href="{{links.signIn}}">{{labels.signIn}}</a>
{{/signedIn}}
</div>
</header>
<main class="page">
{{content}}
</main>
<footer class="footer">
<p>{{community}} · {{labels.keptBy}}{{#feed}} · <a href="{{feed}}">{{labels.atomFeed}}</a>{{/feed}}</p>
</footer>
</body>
</html>

"""##,
        "member.html.mustache": ##"""
<p class="breadcrumbs"><a href="{{links.home}}">{{community}}</a></p>
<h1>{{name}}</h1>
{{#hasStandings}}
<h2>{{labels.circles}}</h2>
<table class="table">
<thead><tr><th scope="col">{{labels.subIssue}}</th><th scope="col">{{labels.circle}}</th></tr></thead>
<tbody>
{{#standings}}
<tr><td><a href="{{url}}">{{name}}</a></td><td>{{circle}}</td></tr>
{{/standings}}
</tbody>
</table>
{{/hasStandings}}
<h2>{{labels.whatTheyWrote}}</h2>
<p>{{summary}}</p>
<ol class="threads">
{{#posts}}
<li><a href="{{url}}">{{subject}}</a><br><span class="hint">{{date}} · <a href="{{subIssueURL}}">{{subIssueName}}</a></span></li>
{{/posts}}
</ol>

"""##,
        "moderation.html.mustache": ##"""
<h1>{{labels.moderation}}</h1>
{{#outcome}}
<div class="{{#done}}notice-done{{/done}}{{^done}}error-summary{{/done}}" role="status">
<p>{{sentence}}</p>
</div>
{{/outcome}}
<h2>{{labels.heldPosts}}</h2>
{{^hasHeld}}<p class="lead">{{labels.noHeld}}</p>{{/hasHeld}}
{{#hasHeld}}<p class="hint">{{waiting}}</p>{{/hasHeld}}
{{#held}}
<article class="post held" id="held-{{id}}">
<h3 class="post-heading">{{subject}}</h3>
<dl class="facts">
<dt>{{labels.from}}</dt><dd>{{from}}</dd>
<dt>{{labels.subIssue}}</dt><dd>{{subIssue}}</dd>
<dt>{{labels.heldBecause}}</dt><dd>{{reason}}</dd>
<dt>{{labels.held}}</dt><dd>{{heldUntil}}</dd>
</dl>
{{#hasText}}<blockquote class="preview">{{text}}</blockquote>{{/hasText}}
<form method="post" action="{{action}}" class="decision">
<input type="hidden" name="form_token" value="{{formToken}}">
<input type="hidden" name="held" value="{{id}}">
<div class="field">
<label class="label" for="reason-{{id}}">{{labels.rejectReason}}</label>
<input class="input" id="reason-{{id}}" name="reason" type="text" maxlength="1000">
</div>
<button class="button" type="submit" name="decision" value="approve">{{labels.approve}}</button>
<button class="button button-warning" type="submit" name="decision" value="reject">{{labels.reject}}</button>
</form>
</article>
{{/held}}
{{#report}}
<h2>{{labels.lastWeek}}</h2>
<p class="hint">{{weekLine}}</p>
<dl class="facts">
<dt>{{labels.posts}}</dt><dd>{{postsLine}}</dd>
<dt>{{labels.threads}}</dt><dd>{{threadsLine}}</dd>
<dt>{{labels.contributors}}</dt><dd>{{contributorsLine}}</dd>
<dt>{{labels.members}}</dt><dd>{{membersLine}}</dd>
</dl>
<div class="figures-scroll">
<table class="figures">
<thead><tr><th scope="col">{{labels.subIssue}}</th><th scope="col">{{labels.posts}}</th><th scope="col">{{labels.threads}}</th><th scope="col">{{labels.contributors}}</th><th scope="col">{{labels.innerCircle}}</th></tr></thead>
<tbody>
{{#subIssues}}<tr><th scope="row">{{name}}</th><td>{{posts}}</td><td>{{threads}}</td><td>{{contributors}}</td><td>{{innerCircle}}</td></tr>
{{/subIssues}}</tbody>
</table>
</div>
{{/report}}

"""##,
        "month.html.mustache": ##"""
<p class="breadcrumbs"><a href="{{links.home}}">{{community}}</a></p>
<h1>{{label}}</h1>
<p>{{summary}}</p>
{{#hasPosts}}
<ol class="threads">
{{#posts}}
<li><a href="{{url}}">{{subject}}</a><br><span class="hint">{{author}} · {{date}} · <a href="{{subIssueURL}}">{{subIssueName}}</a></span></li>
{{/posts}}
</ol>
{{/hasPosts}}
<nav class="pagination" aria-label="{{labels.months}}">
{{#previous}}<a href="{{previous}}" rel="prev">{{previousLabel}}</a>{{/previous}}
{{#next}}<a href="{{next}}" rel="next">{{nextLabel}}</a>{{/next}}
</nav>

"""##,
        "post-sent.html.mustache": ##"""
<h1>{{labels.onItsWay}}</h1>
<p class="lead">{{lead}}</p>
<p>{{labels.willBeAt}} <a href="{{url}}">{{url}}</a>.</p>
<p><a href="{{back}}">{{backLabel}}</a></p>

"""##,
        "post.html.mustache": ##"""
{{#hasProblems}}
<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">{{labels.problemTitle}}</h2>
<ul class="list">{{#problems}}<li><a href="#{{field}}">{{message}}</a></li>{{/problems}}</ul>
</div>
{{/hasProblems}}
{{#reply}}
<h1>{{labels.replyTitle}}</h1>
<p class="lead">{{lead}}</p>
<article class="post post-quoted">
<h2 class="post-heading">{{author}} <span class="hint">{{date}}</span></h2>
<p class="post-subject"><a href="{{url}}">{{subject}}</a></p>
<blockquote class="text">{{text}}</blockquote>
</article>
{{/reply}}
{{^reply}}
<h1>{{labels.startThread}}</h1>
<p class="lead">{{lead}}</p>
{{/reply}}
<form method="post" action="{{action}}" novalidate>
<input type="hidden" name="form_token" value="{{formToken}}">
{{#reply}}<input type="hidden" name="reply" value="{{messageID}}">{{/reply}}
{{^reply}}
<div class="field{{#subIssueProblem}} field-error{{/subIssueProblem}}">
<label class="label" for="sub_issue">{{labels.subIssue}}</label>
{{#subIssueProblem}}<p class="error-message" id="sub_issue-error"><span class="visually-hidden">{{labels.errorHidden}}</span> {{subIssueProblem}}</p>{{/subIssueProblem}}
<select class="input" id="sub_issue" name="sub_issue">
{{#subIssues}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{name}}{{#isProtected}} {{labels.protected}}{{/isProtected}}</option>
{{/subIssues}}</select>
</div>
{{/reply}}
<div class="field{{#subjectProblem}} field-error{{/subjectProblem}}">
<label class="label" for="subject">{{labels.subject}}</label>
{{#subjectProblem}}<p class="error-message" id="subject-error"><span class="visually-hidden">{{labels.errorHidden}}</span> {{subjectProblem}}</p>{{/subjectProblem}}
<input class="input" id="subject" name="subject" type="text" maxlength="200" value="{{subject}}">
</div>
<div class="field{{#textProblem}} field-error{{/textProblem}}">
<label class="label" for="text">{{labels.yourPost}}</label>
<p class="hint" id="text-hint">{{labels.plainTextHint}}</p>
{{#textProblem}}<p class="error-message" id="text-error"><span class="visually-hidden">{{labels.errorHidden}}</span> {{textProblem}}</p>{{/textProblem}}
<textarea class="input textarea" id="text" name="text" rows="12" aria-describedby="text-hint">{{text}}</textarea>
</div>
<button class="button" type="submit">{{labels.sendToList}}</button>
</form>

"""##,
        "search.html.mustache": ##"""
<p class="breadcrumbs"><a href="{{links.home}}">{{community}}</a></p>
<h1>{{labels.searchArchive}}</h1>
{{#problem}}
<div class="error-summary" role="alert">
<h2 class="error-summary-title">{{labels.problemTitle}}</h2>
<p><a href="#q">{{problem}}</a></p>
</div>
{{/problem}}
<form class="search-form" action="{{links.search}}" method="get" role="search">
<label class="label" for="q">{{labels.searchLabel}}</label>
<div class="search-row">
<input class="input" id="q" name="q" type="search" value="{{query}}" maxlength="2000" autocomplete="off">
<button class="button" type="submit">{{labels.search}}</button>
</div>
</form>
{{#showsHelp}}
<h2>{{labels.howToSearch}}</h2>
<p>{{labels.helpEveryPart}}</p>
<dl class="help">
<dt><code>{{labels.helpWordsExample}}</code></dt><dd>{{labels.helpWords}}</dd>
<dt><code>{{labels.helpPhraseExample}}</code></dt><dd>{{labels.helpPhrase}}</dd>
<dt><code>{{labels.helpPrefixExample}}</code></dt><dd>{{labels.helpPrefix}}</dd>
<dt><code>from:ana</code>, <code>from:"Ana Lima"</code></dt><dd>{{labels.helpFrom}}</dd>
<dt><code>sub:cycling</code></dt><dd>{{labels.helpSub}}</dd>
<dt><code>after:2004-03-01</code>, <code>before:2004-04-01</code></dt><dd>{{labels.helpDates}}</dd>
</dl>
{{/showsHelp}}
{{^showsHelp}}
{{#notices}}
<p class="notice">{{.}}</p>
{{/notices}}
{{#hasIgnored}}
<p class="hint">{{labels.leftOutTerms}} {{ignored}}</p>
{{/hasIgnored}}
<p>{{summary}}</p>
{{#hasHits}}
<p class="hint">{{#isNewest}}{{labels.newestFirst}} · <a href="{{bestURL}}">{{labels.bestFirst}}</a>{{/isNewest}}{{#isBest}}{{labels.bestFirst}} · <a href="{{newestURL}}">{{labels.newestFirst}}</a>{{/isBest}}</p>
<ol class="threads results">
{{#hits}}
<li>{{#url}}<a href="{{url}}">{{subject}}</a>{{/url}}{{^url}}{{subject}}{{/url}}<br>
<span class="hint"><a href="{{authorURL}}">{{author}}</a> · {{date}} · <a href="{{subIssueURL}}">{{subIssueName}}</a></span>
{{#hasSnippet}}<p class="snippet">{{snippetHTML}}</p>{{/hasSnippet}}</li>
{{/hits}}
</ol>
{{/hasHits}}
<nav class="pagination" aria-label="{{labels.pages}}">
{{#previous}}<a href="{{previous}}" rel="prev">{{labels.previousPage}}</a>{{/previous}}
{{#next}}<a href="{{next}}" rel="next">{{labels.nextPage}}</a>{{/next}}
</nav>
{{/showsHelp}}

"""##,
        "settings.html.mustache": ##"""
{{#problem}}
<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">{{labels.problemTitle}}</h2>
<ul class="list"><li><a href="#delivery-fieldset">{{problem}}</a></li></ul>
</div>
{{/problem}}
{{#hasBanner}}
<div class="banner" role="status" aria-labelledby="banner-title">
<h2 id="banner-title">{{labels.saved}}</h2>
<ul class="list">{{#banner}}<li>{{.}}</li>{{/banner}}</ul>
</div>
{{/hasBanner}}
<h1>{{labels.yourSettings}}</h1>
<p class="lead">{{lead}}</p>
<form method="post" action="{{action}}" novalidate>
<input type="hidden" name="form_token" value="{{formToken}}">
<fieldset class="fieldset radios" id="delivery-fieldset" aria-describedby="delivery-hint">
<legend>{{labels.howPostsCome}}</legend>
<p class="hint" id="delivery-hint">{{#nowAsCircle}}{{nowAsCircle}} {{/nowAsCircle}}{{labels.topicWins}}</p>
{{#delivery}}
<label><input type="radio" name="delivery" value="{{value}}"{{#checked}} checked{{/checked}}>{{label}}</label>
{{/delivery}}
</fieldset>
<fieldset class="fieldset radios">
<legend>{{labels.howOftenDigests}}</legend>
{{#digests}}
<label><input type="radio" name="digest" value="{{value}}"{{#checked}} checked{{/checked}}>{{label}}</label>
{{/digests}}
</fieldset>
<fieldset class="fieldset radios" aria-describedby="format-hint">
<legend>{{labels.howDigestsLook}}</legend>
<p class="hint" id="format-hint">{{#formatIsDefault}}{{labels.formatDefaultNow}} {{/formatIsDefault}}{{labels.sameAsSetFormat}}</p>
{{#formats}}
<label><input type="radio" name="digest-format" value="{{value}}"{{#checked}} checked{{/checked}}>{{label}}</label>
{{/formats}}
</fieldset>
<fieldset class="fieldset radios">
<legend>{{labels.ownPosts}}</legend>
<input type="hidden" name="own-posts-shown" value="yes">
<label><input type="checkbox" name="own-posts" value="on"{{#ownPosts}} checked{{/ownPosts}}>{{ownPostsLabel}}</label>
</fieldset>
<fieldset class="fieldset radios">
<legend>{{labels.language}}</legend>
{{#languages}}
<label lang="{{value}}"><input type="radio" name="language" value="{{value}}"{{#checked}} checked{{/checked}}>{{label}}</label>
{{/languages}}
</fieldset>
<h2>{{labels.topics}}</h2>
<p class="hint">{{labels.topicsHint}}</p>
<table class="table settings-table">
<thead><tr><th scope="col">{{labels.topic}}</th><th scope="col">{{labels.postsComeColumn}}</th><th scope="col">{{labels.followOrMute}}</th></tr></thead>
<tbody>
{{#subIssues}}
<tr>
<th scope="row">{{name}}{{#isProtected}} <span class="hint">{{labels.closedGroup}}</span>{{/isProtected}}</th>
<td><label class="visually-hidden" for="delivery-{{id}}">{{deliveryLabel}}</label>
<select class="select" id="delivery-{{id}}" name="delivery-{{id}}">
{{#keepDelivery}}<option value="" selected>{{labels.asChosenAbove}}</option>{{/keepDelivery}}
{{#modes}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/modes}}
</select></td>
<td><label class="visually-hidden" for="follow-{{id}}">{{followLabel}}</label>
<select class="select" id="follow-{{id}}" name="follow-{{id}}">
{{#keepFollow}}<option value="" selected>{{labels.neither}}</option>{{/keepFollow}}
<option value="follows"{{#follows}} selected{{/follows}}>{{labels.follow}}</option>
<option value="mutes"{{#mutes}} selected{{/mutes}}>{{labels.mute}}</option>
</select></td>
</tr>
{{/subIssues}}
</tbody>
</table>
<button class="button" type="submit" name="action" value="save">{{labels.saveSettings}}</button>
</form>
<h2>{{labels.privateFeed}}</h2>
<p>{{labels.privateFeedText}}</p>
<p class="feed-url" id="feed-url">{{feedURL}}</p>
<form method="post" action="{{action}}">
<input type="hidden" name="form_token" value="{{formToken}}">
<button class="button button-secondary" type="submit" name="action" value="reset-feed">{{labels.newFeedAddress}}</button>
</form>
<h2>{{labels.leave}}</h2>
<p>{{labels.leaveText}}</p>
<form method="post" action="{{action}}">
<input type="hidden" name="form_token" value="{{formToken}}">
<button class="button button-warning" type="submit" name="action" value="leave">{{labels.leave}}</button>
</form>

"""##,
        "sign-in-done.html.mustache": ##"""
<h1>{{heading}}</h1>
<p class="lead">{{explanation}}</p>
<p><a href="{{next}}">{{nextLabel}}</a></p>

"""##,
        "sign-in-link.html.mustache": ##"""
<h1>{{labels.signInTo}}</h1>
<p class="lead">{{labels.signInLinkLead}}</p>
<form method="post" action="{{action}}">
<input type="hidden" name="form_token" value="{{formToken}}">
<button class="button" type="submit">{{labels.signIn}}</button>
</form>
<p class="hint">{{labels.signInLinkHint}}</p>

"""##,
        "sign-in-sent.html.mustache": ##"""
<h1>{{labels.checkEmail}}</h1>
<p class="lead">{{lead}}</p>
<p>{{once}}</p>
<h2>{{labels.noEmailHeading}}</h2>
<p>{{labels.noEmailText}}</p>
<p><a href="{{again}}">{{labels.anotherLink}}</a></p>

"""##,
        "sign-in.html.mustache": ##"""
{{#problem}}
<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">{{labels.problemTitle}}</h2>
<ul class="list"><li><a href="#address">{{problem}}</a></li></ul>
</div>
{{/problem}}
<h1>{{labels.signIn}}</h1>
<p class="lead">{{labels.signInLead}}</p>
<form method="post" action="{{action}}" novalidate>
<input type="hidden" name="form_token" value="{{formToken}}">
<div class="field{{#problem}} field-error{{/problem}}">
<label class="label" for="address">{{labels.emailAddress}}</label>
<p class="hint" id="address-hint">{{labels.addressHint}}</p>
{{#problem}}<p class="error-message" id="address-error"><span class="visually-hidden">{{labels.errorHidden}}</span> {{problem}}</p>{{/problem}}
<input class="input" id="address" name="address" type="email" autocomplete="email" spellcheck="false" value="{{address}}" aria-describedby="address-hint{{#problem}} address-error{{/problem}}">
</div>
<button class="button" type="submit">{{labels.sendLink}}</button>
</form>

"""##,
        "style.css": ##"""
/* Praxis archive: one column, system fonts, readable from 320 px up. No remote resources. */
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; font-size: 100%; line-height: 1.5; color: #0b0c0c; background: #fff; }
body { margin: 0; }
a { color: #1d70b8; text-decoration: underline; text-underline-offset: 0.15em; }
a:visited { color: #4c2c92; }
a:hover { color: #003078; }
a:focus { outline: 3px solid transparent; background: #fd0; color: #0b0c0c; box-shadow: 0 -2px #fd0, 0 4px #0b0c0c; text-decoration: none; }
.masthead { background: #0b0c0c; padding: 0.75rem 1rem; }
.masthead-name, .masthead-name:visited { color: #fff; font-weight: 700; font-size: 1.125rem; text-decoration: none; }
.masthead-name:hover { text-decoration: underline; color: #fff; }
.masthead { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem 1rem; }
.masthead-search { display: flex; align-items: center; gap: 0.4rem; }
.masthead-label { color: #fff; font-size: 0.9375rem; }
.masthead-input { width: 12rem; max-width: 45vw; font: inherit; font-size: 1rem; padding: 0.25rem 0.4rem; border: 2px solid #fff; }
.masthead-button { font: inherit; font-size: 0.9375rem; padding: 0.25rem 0.75rem; background: #fff; color: #0b0c0c; border: 2px solid #fff; cursor: pointer; }
.search-form { margin: 0 0 1.5rem; }
.search-form .hint { margin: 0.4rem 0 0; }
.label { display: block; font-weight: 700; margin-bottom: 0.35rem; }
.search-row { display: flex; gap: 0.5rem; }
.input { flex: 1; min-width: 0; font: inherit; padding: 0.4rem 0.5rem; border: 2px solid #0b0c0c; }
.input:focus, .masthead-input:focus { outline: 3px solid #fd0; outline-offset: 0; }
.button { font: inherit; font-weight: 700; padding: 0.4rem 1rem; background: #00703c; color: #fff; border: 0; box-shadow: 0 2px 0 #002d18; cursor: pointer; }
.error-summary { border: 5px solid #d4351c; padding: 1rem; margin-bottom: 1.5rem; }
.error-summary-title { margin-top: 0; }
.error-summary a { color: #d4351c; font-weight: 700; overflow-wrap: anywhere; }
.help dt { font-weight: 700; margin-top: 0.5rem; }
.help dd { margin: 0 0 0.25rem 0; }
.snippet { margin: 0.35rem 0 0; font-size: 0.9375rem; overflow-wrap: anywhere; }
mark { background: #fd0; color: #0b0c0c; padding: 0 0.1em; }
.page { max-width: 48rem; margin: 0 auto; padding: 1rem 1rem 2rem; }
h1 { font-size: 2rem; line-height: 1.15; margin: 1rem 0 1.25rem; overflow-wrap: anywhere; }
h2 { font-size: 1.375rem; line-height: 1.2; margin: 2rem 0 0.75rem; }
h3 { font-size: 1.125rem; margin: 1.25rem 0 0.5rem; }
p { margin: 0 0 1rem; }
.lead { font-size: 1.1875rem; }
.hint { color: #505a5f; font-size: 0.9375rem; }
.breadcrumbs { font-size: 0.9375rem; margin: 0.5rem 0 0; }
.list { padding-left: 1.25rem; }
.list li { margin-bottom: 0.35rem; }
.threads { list-style: none; padding: 0; margin: 0 0 1.5rem; }
.threads li { border-bottom: 1px solid #b1b4b6; padding: 0.6rem 0; overflow-wrap: anywhere; }
.months { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
.table { width: 100%; border-collapse: collapse; margin-bottom: 1.5rem; }
.table th, .table td { text-align: left; padding: 0.5rem 0.5rem 0.5rem 0; border-bottom: 1px solid #b1b4b6; vertical-align: top; }
.table .number { text-align: right; }
.post { border-top: 2px solid #0b0c0c; padding-top: 0.5rem; margin-top: 1.5rem; }
.post-heading { font-size: 1.125rem; margin: 0 0 0.5rem; }
.post-subject { font-weight: 700; }
.post-links { font-size: 0.9375rem; }
.text, blockquote { white-space: pre-wrap; overflow-wrap: anywhere; font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9375rem; margin: 0 0 1rem; }
.quote { margin: 0 0 1rem; }
.quote summary { color: #505a5f; cursor: pointer; font-size: 0.9375rem; }
blockquote { border-left: 4px solid #b1b4b6; padding-left: 0.75rem; color: #505a5f; margin: 0.5rem 0 0; }
.notice { border-left: 5px solid #1d70b8; padding: 0.5rem 0.75rem; background: #f3f2f1; }
.pagination { display: flex; justify-content: space-between; gap: 1rem; margin: 1.5rem 0; }
.footer { border-top: 1px solid #b1b4b6; padding: 1rem; color: #505a5f; font-size: 0.875rem; text-align: center; }
code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; background: #f3f2f1; padding: 0 0.2em; }
.masthead { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: baseline; gap: 0.25rem 1rem; }
.account, .account-form { color: #fff; font-size: 0.9375rem; margin: 0; }
.account-link, .account-link:visited, .link-button { color: #fff; }
.link-button { background: none; border: 0; padding: 0; font: inherit; text-decoration: underline; cursor: pointer; }
.link-button:focus, .account-link:focus { outline: 3px solid #fd0; color: #0b0c0c; background: #fd0; }
.field { margin: 0 0 1.5rem; }
.field-error { border-left: 5px solid #d4351c; padding-left: 0.75rem; }
.label { display: block; font-weight: 700; font-size: 1.1875rem; margin-bottom: 0.25rem; }
.input { display: block; width: 100%; max-width: 30rem; font: inherit; font-size: 1.1875rem; padding: 0.35rem; border: 2px solid #0b0c0c; border-radius: 0; min-height: 2.5rem; }
.field-error .input { border-color: #d4351c; }
.input:focus { outline: 3px solid #fd0; outline-offset: 0; box-shadow: inset 0 0 0 2px; }
.error-message { color: #d4351c; font-weight: 700; margin: 0 0 0.5rem; }
.error-summary { border: 5px solid #d4351c; padding: 1rem; margin: 1rem 0 1.5rem; }
.error-summary h2 { margin-top: 0; }
.error-summary a { color: #d4351c; font-weight: 700; }
.button { font: inherit; font-size: 1.1875rem; font-weight: 700; color: #fff; background: #00703c; border: 0; border-radius: 0; box-shadow: 0 2px 0 #002d18; padding: 0.5rem 0.85rem; min-height: 2.75rem; margin: 0 0 1.5rem; cursor: pointer; }
.button:hover { background: #005a30; }
.button:focus { outline: 3px solid transparent; background: #fd0; color: #0b0c0c; box-shadow: 0 2px 0 #0b0c0c; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (max-width: 40rem) { h1 { font-size: 1.5rem; } .table .hide-narrow { display: none; } }
.textarea { max-width: 40rem; min-height: 12rem; resize: vertical; }
.post-quoted blockquote { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0 0 1rem; padding-left: 1rem; border-left: 5px solid #b1b4b6; }
.notice-done { border: 5px solid #00703c; padding: 0 1rem; margin: 1rem 0 1.5rem; }
.button-warning { background: #d4351c; box-shadow: 0 2px 0 #55150b; margin-left: 0.5rem; }
.button-warning:hover { background: #aa2a16; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0 0 1rem; }
.facts dt { font-weight: 700; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.preview { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0 0 1rem; padding-left: 1rem; border-left: 5px solid #b1b4b6; }
.figures { border-collapse: collapse; width: 100%; max-width: 40rem; }
.figures th, .figures td { text-align: left; padding: 0.35rem 0.5rem 0.35rem 0; border-bottom: 1px solid #b1b4b6; }
.figures td { text-align: right; }
@media (max-width: 40rem) { .facts { grid-template-columns: 1fr; } .facts dd { margin-bottom: 0.5rem; } .button-warning { margin-left: 0; } }
.figures-scroll { overflow-x: auto; max-width: 100%; }
/* Settings and leaving (issue 20) */
.button-secondary { background: #f3f2f1; color: #0b0c0c; box-shadow: 0 2px 0 #929191; }
.button-secondary:hover { background: #dbdad9; }
.fieldset { border: 0; padding: 0; margin: 0 0 1.5rem; }
.fieldset legend { font-weight: 700; font-size: 1.1875rem; margin-bottom: 0.35rem; }
.radios label { display: block; padding: 0.35rem 0; min-height: 2rem; }
.radios input { width: 1.5rem; height: 1.5rem; vertical-align: middle; margin-right: 0.5rem; }
.select { font: inherit; font-size: 1rem; padding: 0.3rem; border: 2px solid #0b0c0c; min-height: 2.5rem; max-width: 100%; }
.select:focus { outline: 3px solid #fd0; outline-offset: 0; }
.settings-table th[scope=row] { font-weight: 400; }
.settings-table td, .settings-table th { padding-right: 0.75rem; }
.banner { border: 5px solid #00703c; padding: 0.75rem 1rem; margin: 0 0 1.5rem; }
.banner h2 { margin-top: 0; }
.feed-url { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9375rem; overflow-wrap: anywhere; background: #f3f2f1; padding: 0.5rem; }
@media (max-width: 40rem) { .settings-table th, .settings-table td { display: block; border: 0; padding: 0.2rem 0; } .settings-table tr { display: block; border-bottom: 1px solid #b1b4b6; padding: 0.5rem 0; } .settings-table thead { display: none; } }
/* Pages in four languages (issue 22 §1): long German or French words break with a hyphen where
   the page's lang allows, rather than pushing the page wider than a phone. */
h1, h2, h3, legend, label, th, .lead, .hint { hyphens: auto; -webkit-hyphens: auto; }
/* On a phone the topics table is a list: the table itself must not take the width of its longest choice
   ("Gesammelt in einer Zusammenfassung"), so its selects stay within the screen. */
@media (max-width: 40rem) { .settings-table, .settings-table tbody { display: block; width: 100%; } .settings-table .select { width: 100%; } }

"""##,
        "sub-issue.html.mustache": ##"""
<p class="breadcrumbs"><a href="{{links.home}}">{{community}}</a></p>
<h1>{{name}}</h1>
{{#description}}
<p class="lead">{{description}}</p>
{{/description}}
<p>{{summary}}</p>
{{#hasThreads}}
<ol class="threads">
{{#threads}}
<li><a href="{{url}}">{{subject}}</a><br><span class="hint">{{posts}} · {{labels.latestPost}} {{latest}}</span></li>
{{/threads}}
</ol>
{{/hasThreads}}
{{^hasThreads}}
<p>{{labels.noThreads}}</p>
{{/hasThreads}}
<nav class="pagination" aria-label="{{labels.pages}}">
{{#newer}}<a href="{{newer}}" rel="prev">{{labels.newerThreads}}</a>{{/newer}}
{{#older}}<a href="{{older}}" rel="next">{{labels.olderThreads}}</a>{{/older}}
</nav>

"""##,
        "thread.html.mustache": ##"""
<p class="breadcrumbs"><a href="{{links.home}}">{{community}}</a> › <a href="{{subIssueURL}}">{{subIssueName}}</a></p>
<h1>{{subject}}</h1>
{{#isThread}}
<p class="hint">{{summary}} · <a href="{{mboxURL}}">{{labels.downloadMbox}}</a></p>
{{/isThread}}
{{^isThread}}
<p class="hint"><a href="{{threadURL}}">{{labels.wholeThread}}</a>{{#parentURL}} · <a href="{{parentURL}}">{{labels.parentMessage}}</a>{{/parentURL}}</p>
{{/isThread}}
{{#posts}}
<article class="post" id="{{anchor}}">
<h2 class="post-heading"><a href="{{authorURL}}">{{author}}</a> <span class="hint">{{date}}</span></h2>
{{#isThread}}{{#subjectChanged}}<p class="post-subject">{{subject}}</p>{{/subjectChanged}}{{/isThread}}
{{#missingSource}}
<p class="notice">{{labels.sourceNotStored}}</p>
{{/missingSource}}
{{#hasText}}
{{text}}
{{/hasText}}
{{#truncated}}
<p class="notice">{{labels.textCutBefore}} <a href="{{rawURL}}">{{labels.rawMessage}}</a> {{labels.textCutAfter}}</p>
{{/truncated}}
{{#hasAttachments}}
<h3 class="attachments-heading">{{labels.attachments}}</h3>
<ul class="list">
{{#attachments}}
<li><a href="{{url}}" download>{{name}}</a> <span class="hint">{{type}}, {{size}}</span></li>
{{/attachments}}
</ul>
{{/hasAttachments}}
<p class="post-links"><a href="#{{anchor}}">{{labels.linkHere}}</a> · <a href="{{url}}">{{labels.permalink}}</a> · <a href="{{rawURL}}">{{labels.rawSource}}</a>{{#replyURL}} · <a href="{{replyURL}}">{{labels.reply}}</a>{{/replyURL}}</p>
</article>
{{/posts}}

"""##,
        "unsubscribe.html.mustache": ##"""
<h1>{{labels.leaveQuestion}}</h1>
<p class="lead">{{lead}}</p>
<form method="post" action="{{action}}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button class="button button-warning" type="submit">{{labels.leave}}</button>
</form>
<p class="hint">{{labels.leaveHint}}</p>

"""##,
    ]
}
