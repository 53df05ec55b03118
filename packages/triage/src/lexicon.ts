// Phrase lists the classifier weighs. Each entry is general vocabulary (English, German, Spanish,
// French) for one signal; none names a sender, a product or a subject of the development corpus.

/** Counts how many of the patterns match `text` (each pattern counts once). */
export function countMatches(text: string, patterns: readonly RegExp[]): number {
  let n = 0;
  for (const p of patterns) if (p.test(text)) n++;
  return n;
}

export function anyMatch(text: string, patterns: readonly RegExp[]): boolean {
  return patterns.some((p) => p.test(text));
}

/** The sender says there is nothing to do. */
export const NO_ACTION: readonly RegExp[] = [
  /\bno action (?:is )?(?:needed|required|necessary)\b/i,
  /\bnothing (?:is )?(?:needed|required) (?:from|of) you\b/i,
  /\bnothing for you to do\b/i,
  /\bno need to (?:reply|respond|answer|do anything|act|take any action)\b/i,
  /\b(?:ihr müsst|du musst|sie müssen) nichts (?:tun|machen|unternehmen)\b/i,
  /\bno (?:tienes|tenéis|tiene) que hacer nada\b|\bvous n'avez rien à faire\b|\btu n'as rien à faire\b/i,
  /\bno (?:reply|response) (?:needed|required|necessary)\b/i,
  /\b(?:this is )?not a request\b/i,
  /\bjust so you know\b/i,
  /\bjust (?:sharing|a heads[- ]up|an fyi|fyi|closing the loop)\b/i,
  /^\s*(?:fyi|f\.y\.i\.|heads[- ]up)\b/im,
  /\bfor your information\b/i,
  /\bfor visibility\b/i,
  /\byou don'?t (?:need|have) to do anything\b|\bnothing you need to do\b|\bno action (?:is )?(?:needed|required) (?:on|from) your (?:part|side|end)\b/i,
  /\bfor your records\b|\bjust letting you know\b|\bfor reference only\b/i,
  /\bkein(?:e)? (?:handlungsbedarf|aktion erforderlich)\b/i,
  /\bnichts zu tun\b/i,
  /\bnur zur (?:info|information)\b/i,
  /\bzur info\b/i,
  /\bno (?:hace falta|es necesario) que hagas nada\b/i,
  /\bsolo para que lo sepas\b/i,
  /\bpara tu información\b/i,
  /\baucune action (?:requise|nécessaire)\b/i,
  /\brien à faire\b/i,
  /\bpour info(?:rmation)?\b/i,
  /\bpas besoin de répondre\b/i,
];

/** The sender relaxes the timing ("no rush"): the ask can wait for the return. */
export const RELAXED: readonly RegExp[] = [
  /\bno rush\b/i,
  /\bno hurry\b/i,
  /\bnot urgent\b/i,
  /\b(?:can|it'll|it will) wait\b/i,
  /\bwhenever (?:works|you (?:can|get a chance|have time))\b/i,
  /\bwhen you(?:'re| are) back\b/i,
  /\bafter you(?:'re| are) back\b/i,
  /\bwhen you get a chance\b/i,
  /\b(?:fine|ok|okay) (?:to answer )?(?:next week|on monday|when you)\b/i,
  /\bkein stress\b/i,
  /\b(?:das )?hat zeit\b/i,
  /\bkeine eile\b/i,
  /\bsin prisa\b/i,
  /\bno hay prisa\b/i,
  /\bcuando (?:puedas|vuelvas)\b/i,
  /\bpas d'urgence\b/i,
  /\brien ne presse\b/i,
  /\b(?:à ton|à votre) retour\b/i,
];

/**
 * A request addressed to the reader, scored per sentence. Strong forms are direct ("could you",
 * "please approve", "I need your sign-off"); the weak ones only count together with others.
 */
export const ASK_STRONG: readonly RegExp[] = [
  /^(?:\w+,\s+)?(?:could|can|would|will) you\b/i,
  /^(?:\w+,\s+)?(?:could|can|shall) we\b.*\?$/i,
  /\b(?:could|can|would|will) you (?:please |kindly )?(?:let|give|send|take|review|approve|sign|confirm|check|look|add|pick|choose|decide|fill|complete|update|call|join|reply|respond|share|help|cover|do|get|make|upload|accept|provide|comment|weigh|suggest|name|tell|be)\b/i,
  /\bplease (?!(?:do not|don't|find|note|see below|ignore|disregard|excuse|forgive)\b)(?:\w+ )?(?:approve|review|sign|confirm|accept|decline|rsvp|reply|respond|let|send|check|complete|fill|update|upload|add|record|enter|submit|join|call|pick|choose|decide|certify|provide|share|take|do|make|flag|get|give|comment|read|register|renew|help|fix|look|advise|escalate)\b/i,
  /\bplease\b.{0,40}\bby\b/i,
  /\b(?:i|we) (?:really |still |just )?need (?:you|your|an? (?:answer|decision|reply|response)|a (?:yes|no|go-ahead|signature|sign-off)|someone)\b/i,
  /\b(?:i|we) (?:really |still |urgently |just )?need\b.{0,60}\b(?:by|before|today|tonight|tomorrow|asap|now)\b/i,
  /\bneed(?:s)? from you\b|\bneeds?\b.{0,60}\bfrom (?:you|my (?:manager|supervisor|lead))\b|\bshould come from you\b/i,
  /\bplease(?: do the following| the following)?:\s*$/i,
  /\bif (?:we|i) (?:can't|cannot|don't|do not) (?:get|have|receive|hear)\b/i,
  /\bif you (?:can|could) (?:\w+ ){1,4}(?:by|before)\b/i,
  /\b(?:must|needs? to|has to|have to) be\b.{0,60}\bby\b/i,
  /\b(?:whoever|someone) you (?:designate|name|nominate|choose)\b/i,
  /\bneed(?:s)? your (?:approval|ok|okay|sign-?off|signature|go-ahead|input|review|decision|eyes|answer|help|call|read)\b/i,
  /\b(?:waiting|wait(?:s)?) (?:on|for) your\b/i,
  /\b(?:in|to) your (?:approval )?queue\b/i,
  /\b(?:requested|request(?:s)?) your (?:review|approval|signature|input)\b/i,
  /\bsent you a document to (?:review|sign)\b/i,
  /\b(?:let me|let us) know\b(?!\s+if\b)/i,
  /\bjust let me know\b/i,
  /\byou(?:'re| are) (?:listed as|the) (?:approver|owner|reviewer|assignee)\b/i,
  /\b(?:you )?(?:need|have|must) to (?:certify|approve|sign|review|confirm|complete|update|decide|respond|reply)\b/i,
  /\baction (?:needed|required)\b/i,
  /\bdecision needed\b/i,
  /\b(?:i'?d|i would|we'?d|we would) (?:really )?(?:appreciate|love|welcome|value) (?:your|it if you|you to|a quick)\b/i,
  /\b(?:appreciate|welcome) (?:your|any) (?:feedback|thoughts|input|comments|review|help)\b/i,
  /\bquestions? for you\b/i,
  /\bneeds (?:alex|you)\b/i,
  /\b(?:review|approve|sign|renew|confirm|complete|respond|update|pay|verify|certify) now\b/i,
  /\breview and (?:approve|sign)\b/i,
  /\bassigned [\w-]+ to (?:you|alex)\b/i,
  /\bplease accept or decline\b/i,
  /\bkannst du\b|\bkönntest du\b|\bkönnten sie\b|\bkönnen sie\b/i,
  /\bwartet\b.{0,40}\bauf deine\b/i,
  /\bbitte um (?:rückmeldung|freigabe|bestätigung|antwort|prüfung)\b|\bich bitte (?:dich|sie)\b/i,
  /\b(?:te|le) agradecería\b|\bagradecería que\b|\bme (?:podrías|puedes) (?:enviar|confirmar|decir|mandar)\b/i,
  /\bmerci de bien vouloir\b|\bje (?:te|vous) serais reconnaissant\b/i,
  /\b(?:deine|ihre) (?:freigabe|genehmigung|unterschrift|zustimmung|rückmeldung)\b/i,
  /\bsag(?:e)? (?:mir )?(?:einfach )?bescheid\b|\bgib mir bescheid\b/i,
  /\b(?:brauche|benötige) (?:ich|wir)?\b/i,
  /\bpodr[ií]as\b|\bpuedes\b|\bpodr[ií]a usted\b|\bpuede usted\b/i,
  /\bnecesit(?:o|amos) (?:que|tu|su)\b/i,
  /\btu (?:aprobación|firma|confirmación)\b/i,
  /\bpourriez-vous\b|\bpouvez-vous\b|\bpeux-tu\b|\bpourrais-tu\b|\bmerci de (?:me|nous|valider|confirmer|signer)\b/i,
  /\b(?:j'ai|nous avons) besoin de (?:toi|vous|ton|votre)\b/i,
  /\bton (?:accord|approbation)\b|\bvotre (?:accord|approbation|signature)\b/i,
];

export const ASK_WEAK: readonly RegExp[] = [
  /\bplease\b/i,
  /\b(?:reminder|gentle nudge|quick nudge|nudge|following up|follow(?:ing)? up on)\b/i,
  /\b(?:outstanding|pending|overdue|still missing|waiting for)\b/i,
  /\b(?:your|the) (?:call|choice|decision|approval|sign-?off|signature|input|scorecard|review|evaluation|rsvp|feedback|thoughts)\b/i,
  /\b(?:approve|approval|sign(?:ature| off|-off)?|review|rsvp|certif(?:y|ication)|confirm|decide|decision)\b/i,
  /\b(?:i|we) (?:need|want|would like|'d like)\b/i,
  /\b(?:due|deadline)\b/i,
  /\bshould come from you\b|\bfrom you\b/i,
  /\bbitte\b|\bpor favor\b|\bs'il (?:te|vous) pla[iî]t\b/i,
];

/** Sentences that look like asks but are boilerplate of notifications and newsletters. */
export const BOILERPLATE_LINE: readonly RegExp[] = [
  /\byou(?:'re| are) receiving (?:this|these)\b/i,
  /\bto stop receiving\b/i,
  /\bunsubscribe\b/i,
  /\bmanage (?:your )?(?:notifications|preferences|subscriptions)\b/i,
  /\b(?:email|notification) (?:preferences|settings)\b/i,
  /\bplease do not reply\b/i,
  /\bdo not reply to this\b/i,
  /\breplies (?:to this (?:address|email) )?are not monitored\b/i,
  /\bthis (?:mailbox|inbox|address) is not monitored\b/i,
  /\breply to this email directly\b/i,
  /\bview (?:it|this|the full report|incident|in browser|online)\b/i,
  /\bthis (?:is an automated|message was sent by|email was sent)\b/i,
  /\bdo not share this email\b/i,
  /\bquestions about the document\b/i,
  /^\s*(?:need help\?|questions\?)/i,
];

/** Marketing vocabulary. */
export const PROMO: readonly RegExp[] = [
  /\b\d{1,2}\s?% (?:off|discount|bonus|rabatt|de descuento|de réduction)\b/i,
  /\bsave (?:\$|€|£)?\d/i,
  /\b(?:discount|coupon|promo code|voucher|gutschein|rabatt|descuento|cupón|réduction|remise)\b/i,
  /\b(?:use|with|enter) (?:the )?code\s+[A-Z0-9]{4,}\b|\bcódigo\s+[A-Z0-9]{4,}\b|\bcode promo\b/i,
  /(?<!end of )\bsale\b|\bsoldes\b|\brebajas\b/i,
  /\b(?:limited|for a) (?:time|offer)\b|\blimited[- ]time\b|\bplazas limitadas\b|\boffre limitée\b/i,
  /\b(?:shop|buy|order|book|reserve|register|upgrade|claim|grab|get)(?: \w+)? (?:now|today|yours)\b|\breserva ahora\b|\bcompra ahora\b|\bjetzt (?:kaufen|buchen)\b/i,
  /\b(?:exclusive|special) (?:offer|deal|price|discount)\b|\boferta(?:s)?\b|\bangebot\b|\boffre\b/i,
  /\bfree (?:shipping|trial|returns|gift|delivery)\b|\benvío gratis\b|\bgratuit\b|\bgratuito\b|\bkostenlos\b/i,
  /\bearly[- ]bird\b/i,
  /\b(?:only \d+ left|while (?:stocks?|supplies) last|don't miss|last chance|ends (?:tonight|at midnight|soon)|hours only)\b/i,
  /\bthis is a marketing (?:message|email)\b|\bmarketing (?:message|email)\b/i,
  /\b(?:best value|lowest price|per month|\/mo\b|regular \$)/i,
  /\bwe miss you\b|\bcome back\b/i,
  /\b(?:you'?re invited|save your seat|register (?:now|today|anyway)|webinar)\b/i,
  /\bclaim your\b|\bcredits?\b.{0,20}\b(?:free|valid for|claim)\b/i,
  /\bsolicitation\b|\bnot a bill\b/i,
  /\bbonus\b/i,
  /\bcongratulations\b.{0,80}\b(?:selected|winner|won|award)\b/i,
];

/** Editorial (newsletter) vocabulary. */
export const EDITORIAL: readonly RegExp[] = [
  /\b(?:issue|edition|ausgabe|número|numéro)\s*#?\s*\d+\b/i,
  /#\d{1,4}\b/,
  /\b(?:newsletter|digest|roundup|round-up|weekly|monthly|daily|changelog|bulletin|brief|letters?)\b/i,
  /\bin this issue\b|\bthis week(?:'s)?\b|\bthis month\b|\bthis issue\b|\balso in this issue\b/i,
  /\b(?:long read|editor'?s note|top (?:stories|\d+)|quick hits|reads|worth (?:your time|reading)|tool of the week|crate of the week|headlines?)\b/i,
  /\b(?:subscribed|signed up|you asked for)\b/i,
  /\bthanks for reading\b|\bsee you next\b|\buntil next (?:week|time)\b/i,
  /\b(?:recap|announced|what's on|welcome)\b/i,
  /\bnext week:/i,
  /\bnews\b/i,
  /\b(?:release notes|product updates?|what's new|deprecations?|now (?:ga|generally available)|topic summary|updates in \d+ topics)\b/i,
];

/** A personal notification about the reader's own work (as opposed to a broadcast). */
export const PERSONAL_NOTIFICATION: readonly RegExp[] = [
  /\byou(?:'re| are) receiving this because (?:you (?:are|were|authored|pushed|own|manage|commented)|your)\b/i,
  /\b(?:requested your review|assigned [\w-]+ to|mentioned you|you were mentioned|merged #?\d+|deploy(?:ment|ed)|build (?:failed|succeeded|passed)|pipeline|pull request|issue tracker)\b/i,
  /\b(?:this event has been|invitation from|was (?:changed|canceled|cancelled)|event has been)\b/i,
];

/** Cold outreach and recruiter pitches from individuals. */
export const COLD_PITCH: readonly RegExp[] = [
  /\b(?:\d{1,2}|fifteen|twenty|thirty)[- ]?(?:minutes?|min|minutos|minuten)\b.{0,30}\b(?:chat|call|look|demo|conversation|llamada|charla|gespräch|appel)\b|\bgrab \d{1,2} minutes\b/i,
  /\bworth a (?:\d{1,2}-minute |quick )?(?:look|chat|call|conversation)\b/i,
  /\b(?:see if|whether) there'?s a fit\b|\bwould it be crazy\b|\bopen to a (?:\w+ )?(?:chat|call|conversation)\b/i,
  /\bwe help\b|\bhelps? (?:engineering|platform|teams|companies|leaders)\b/i,
  /\b(?:companies|teams|leaders|customers) (?:like|such as) (?:yours|\p{Lu})|\bequipos como el tuyo\b|\bempresas como la tuya\b|\bteams wie (?:deins|ihres)\b|\béquipes comme la vôtre\b/iu,
  /\b(?:platform|engineering) teams at \p{Lu}/u,
  /\bi (?:came across|noticed|saw) (?:your|that|acme|you)\b|\bnoticed (?:that )?(?:your|\p{Lu}\w+ has)\b|\b(?:vi|he visto) que\b|\bich habe gesehen, dass\b|\bj'ai vu que\b/iu,
  /\byour (?:background|profile|post|experience) (?:at|on|stood|caught)\b|\bstood out\b/i,
  /\bnot the right person\b|\bwho (?:else )?(?:would you point|should i (?:be )?(?:talk|speak))\b|\bpoint me to\b/i,
  /\bbump(?:ing)? this\b|\bin case (?:it|this) got buried\b|\btop of your inbox\b|\bcircling back\b/i,
  /\bhope you don'?t mind\b|\bdirect note\b|\breaching out\b/i,
  /\b(?:account executive|sales development|business development|executive search|talent partner|recruiter|head ?hunter|ejecutiv[oa] de cuentas|responsable commercial|vertriebsleiter)\b/i,
  /\b(?:cut|save|reduce) \d{1,2}(?:-\d{1,2})?% (?:off|of|on)\b/i,
  /\b(?:equity|base (?:range|salary)|compensation|series [a-e]\b)/i,
  /\bgrab (?:any|a) (?:slot|time)\b|\bbook (?:a|some) time\b|\bmy calendar\b/i,
  /\b\d-minute video\b/i,
  /\b(?:calendly|book a demo|case study|free trial|partnership opportunity|happy to send over)\b/i,
  /\b(?:a |une |una )?(?:quick |short |brief )?demo\b/i,
  /\b(?:ayudamos a|helfen (?:wir )?(?:teams|unternehmen)|nous aidons)\b/i,
  /\b\d{1,2} (?:minuten|minutos|minutes)\b.{0,40}\b(?:gespräch|llamada|charla|appel|échange|call)\b/i,
];

/** The local part of an address no person reads: no-reply, daemons, bounce and list-owner addresses. */
export const ROBOT_LOCAL =
  /^(?:.*[._+-])?(?:no-?reply|no_reply|do-?not-?reply|do_not_reply|donotreply|mailer-daemon|postmaster|bounces?)(?:[._+-].*)?$|^owner-|-owner$|-request$/i;

/** A message reports that something failed or is failing. */
export const FAILURE_WORDS =
  /\b(?:fail(?:ed|ure|ing|s)?|errors?|incidents?|outage|degraded|down|rejected|alert|undeliver\w*|delayed)\b/i;

/** An active incident, security event or data exposure, with stakes for the reader. */
export const INCIDENT: readonly RegExp[] = [
  /\b(?:outage|down since|is down|are down|went down|not working|stopped working)\b/i,
  /\b(?:can'?t|cannot|unable to|can no longer|could not) (?:log ?in|sign ?in|access|connect|login|reach)\b|\bnone of (?:our|the) (?:users|admins|customers|staff)\b/i,
  /\b(?:blocking|blocks|blocked) (?:our|the|all|every)\b/i,
  /\b(?:data loss|lost data|corrupt(?:ed|ion)|ransomware|ddos|phishing attack|being exploited|actively exploited|production is down|site is down|sev ?0|p0|critical incident)\b/i,
  /\b(?:failing|failed|failure)\b.{0,40}\b(?:nights?|runs?|times|in a row|since)\b/i,
  /\bsev ?[12]\b|\bp[01]\b|\bpriority 1\b/i,
  /\bescalat(?:ed|ion|e)\b/i,
  /\b(?:data (?:exposure|leak|breach)|breach(?![- ]notification)|exposed|leaked|compromised|unauthori[sz]ed|suspicious)\b/i,
  /\b(?:patient|personal|customer|another customer'?s?|other organi[sz]ation'?s?) (?:data|records|names|information)\b|\bpatient names\b/i,
  /\b(?:different|another|wrong) (?:organi[sz]ation|customer|tenant)\b/i,
  /\b(?:access key|credential|secret|password|api key|token)s?\b.{0,40}\b(?:public|exposed|leaked|gist|github)\b/i,
  /\b(?:privacy officer|notification clock|regulator)\b/i,
  /\b(?:missing|lost) (?:roughly |about |over )?[\d,]+ (?:orders|records|payments|transactions)\b/i,
  /\b(?:error rate|delivery errors|5xx|http 5\d\d|http 401)\b/i,
  /\b(?:bridge|war room|incident)\b/i,
  /\b(?:ausgefallen|ausfall|störung|funktioniert nicht(?: mehr)?|datenleck|sicherheitsvorfall|kompromittiert)\b/i,
  /\b(?:caído|caída del servicio|no funciona|fuga de datos|incidente|brecha de seguridad|comprometid[oa])\b/i,
  /\b(?:en panne|panne|hors service|ne fonctionne (?:plus|pas)|fuite de données|incident de sécurité|compromis)\b/i,
];

/** Consequences that make a near deadline a real one (legal, money, contracts, access). */
export const STAKES: readonly RegExp[] = [
  /\b(?:court|filing|motion|lawsuit|counsel|legal|litigation|declaration)\b/i,
  /\b(?:breach of|in breach|contract(?:ual)?|penalt(?:y|ies)|service[- ]credits?|sla)\b/i,
  /\b(?:audit|auditor|soc ?2|exception in the report|compliance)\b/i,
  /\b(?:payment run|payroll|bank|invoice|net-\d+|late fee|fee)\b/i,
  /\b(?:lose|lost|losing) (?:her|him|them|the (?:candidate|deal|customer|slot)|access)\b/i,
  /\b(?:goes offline|go offline|expires?|lapses?|redemption period|suspended|terminated|shut ?down)\b/i,
  /\b(?:escalate|escalated)\b/i,
  /\b(?:outage|down|failing|exposure|breach)\b/i,
  /\bcompeting offer\b|\boffer expires\b/i,
  /\b(?:regulator|gdpr|hipaa|fined|a fine of|churn|cancel (?:the|our) contract|refund|chargeback|penalty)\b/i,
  // A stated consequence of missing the date ("otherwise the slot goes back to the pool").
  /\b(?:otherwise|after that|or else|failing that)\b|\bif (?:we|you|i) (?:don'?t|do not|can'?t|cannot|miss)\b.{0,80}\b(?:will|'ll|would|have to|must|need to)\b/i,
  /\b(?:goes back to|released to|lose (?:the|our|your)|miss (?:the|our) (?:window|deadline|slot|cutoff))\b/i,
  /\b(?:vertrag(?:s)?strafe|vertrag|frist|gericht|anwalt|mahnung|kündigung|zahlungs\w*)\b/i,
  /\b(?:contrato|multa|penalización|tribunal|abogad[oa]|plazo|factura vencida)\b/i,
  /\b(?:contrat|pénalité|tribunal|avocat|échéance|mise en demeure|facture impayée)\b/i,
];

/** Explicit time pressure in the sender's words ("ASAP", "right away"), negations removed first. */
export const URGENT_WORDS: readonly RegExp[] = [
  /\b(?:asap|as soon as possible|immediately|right away|right now|urgent(?:ly)?|emergency|time[- ]sensitive|can'?t wait|cannot wait)\b/i,
  /\b(?:dringend|sofort|umgehend|eilt)\b/i,
  /\b(?:urgente|de inmediato|cuanto antes|lo antes posible)\b/i,
  /\b(?:urgent|immédiatement|au plus vite|dès que possible|au plus tôt)\b/i,
];
export const URGENT_NEGATED =
  /\b(?:not|nothing|no|isn'?t|anything|if|for|nicht|nichts|kein|nada|no es|pas|rien)\s+(?:\w+\s+)?(?:urgent\w*|dringend|eilt)\b|\bcan wait\b/gi;

/** The sender says the request or problem is settled (strong: settles on its own). */
export const SETTLED_STRONG: readonly RegExp[] = [
  /\bnever ?mind\b/i,
  /\bplease (?:disregard|ignore)\b|\b(?:disregard|ignore) my (?:last|previous|earlier)\b/i,
  /\bno longer (?:needed|required|necessary|an issue|a problem|relevant)\b/i,
  /\bnothing (?:is )?(?:needed|required) (?:from|of) you\b/i,
  /\bnothing (?:else )?for you to do\b/i,
  /\byou(?:'re| are) off the hook\b/i,
  /\b(?:found it|scratch that)\b/i,
  /\b(?:all sorted|sorted it out|problem solved|issue (?:is )?resolved|has been resolved|closing the loop|close the loop)\b/i,
  /\bfixed (?:it )?on (?:our|their|my) (?:end|side)\b/i,
  /\b(?:working again|all good now|back to normal|resolved itself|no longer (?:happening|occurring))\b/i,
  /\b(?:already (?:taken care of|handled|sorted)|we'?re all set|all set now|false alarm|took care of it|it'?s (?:all )?sorted|(?:is|are|has been) (?:now )?resolved|cancel (?:that|my|this) request|withdraw(?:ing)? (?:my|the|this) request)\b/i,
  /\b(?:funktioniert wieder|alles wieder gut)\b|\b(?:ya funciona|vuelve a funcionar)\b|\b(?:ça remarche|fonctionne à nouveau)\b/i,
  /\b(?:hat sich erledigt|ist erledigt|nicht mehr nötig|vergiss es|bitte ignorieren|ist gelöst)\b/i,
  /\b(?:tema cerrado|ya está resuelto|está resuelto|solucionado|olvídalo|ya no hace falta|ignora mi (?:último|anterior))\b/i,
  /\b(?:laisse tomber|c'est réglé|c'est résolu|plus besoin|ne tiens pas compte|ne tenez pas compte|j'ai trouvé)\b/i,
];

/** Someone else took the request over or did it (settles when no new ask is made of the reader). */
export const SETTLED_TAKEOVER: readonly RegExp[] = [
  /\bi(?:'ll| will| can) (?:take|cover|handle|own) (?:it|this|that|the\b)/i,
  /\bi(?:'ll| will) take care of\b|\bi(?:'ve| have) got (?:it|this)\b|\bleave it with me\b|\bi'?m on it\b/i,
  /\bapproved (?:it )?as (?:\w+'s |the |his |her |their )?delegate\b/i,
  /\b(?:went ahead and (?:approved|signed|handled|did)|(?:approved|signed|handled) (?:it )?on your behalf)\b/i,
  /\b(?:signed off|approved|handled|decided|sorted|fixed)\b.{0,40}\b(?:herself|himself|themselves|myself)\b/i,
  /\b(?:it'?s|this is|that'?s|all) done\b/i,
  /\bich (?:übernehme|kümmere mich)\b/i,
  /\bme encargo\b|\byo me ocupo\b/i,
  /\bje m'en (?:occupe|charge)\b/i,
];

/** Out-of-office and other automatic replies (subject or first lines). */
export const AUTO_REPLY_SUBJECT =
  /^(?:automatic reply|auto(?:matic)?[- ]?reply|out of (?:the )?office|ooo\b|abwesenheit(?:snotiz)?|automatische antwort|respuesta automática|fuera de la oficina|réponse automatique|absence du bureau|autosvar|risposta automatica)/i;

export const BOUNCE_SUBJECT =
  /\b(?:undeliver(?:ed|able)|delivery status notification|returned mail|mail delivery (?:failed|failure|subsystem)|delivery (?:failure|has failed|delayed)|failure notice|nicht zustellbar|unzustellbar)\b/i;
