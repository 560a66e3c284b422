/**
 * Hand-written content of the seeded sample library: realistic talks, demos, lectures and
 * interviews with their transcripts (one string per sentence) and what is on screen (scene
 * descriptions anchored to the sentence where the scene starts). Timestamps are derived from the
 * text in seed.ts, so this file is only words.
 */

/** Key of a seeded collection (ids are derived from it). */
export type SampleCollectionKey = 'default' | 'talks' | 'customers';

/** One seeded video before timestamps and ids are derived. */
export interface SampleVideoDef {
  /** Stable key; the video id is derived from it. */
  key: string;
  collection: SampleCollectionKey;
  name: string;
  description: string;
  /** Transcript, one sentence per entry. */
  sentences: string[];
  /** Shot-based scene index: [index of the sentence where the scene starts, description]. */
  scenes: Array<[number, string]>;
  /** Optional second, time-based scene index focused on slides and on-screen text. */
  slides?: Array<[number, string]>;
  /** False for the video that has no spoken index and no scene index yet. */
  searchable?: boolean;
}

/** The seeded collections besides the generated archive. */
export const SAMPLE_COLLECTION_DEFS: ReadonlyArray<{
  key: SampleCollectionKey;
  name: string;
  description: string;
}> = [
  {
    key: 'default',
    name: 'Default Collection',
    description: 'Everything you upload lands here first.',
  },
  {
    key: 'talks',
    name: 'Conference Talks',
    description: 'Recorded talks and panels from this year’s events.',
  },
  {
    key: 'customers',
    name: 'Customer Calls',
    description: 'Interviews, sales calls and research sessions.',
  },
];

/** The seeded videos, in collection order. */
export const SAMPLE_VIDEO_DEFS: readonly SampleVideoDef[] = [
  {
    key: 'pricing-talk',
    collection: 'default',
    name: 'Pricing Strategy for SaaS Founders — talk',
    description:
      'Conference talk on value metrics, packaging tiers and raising prices without losing customers.',
    sentences: [
      'Good morning everyone, and thank you for coming to the first session after the coffee break.',
      'My name is Dana Whitfield, and for the last eight years I have helped early stage software companies figure out how to charge for what they build.',
      'Before we start, a quick show of hands: who here has changed their pricing in the last twelve months?',
      'Great, that is about half the room, which is exactly the problem I want to talk about today.',
      'Most founders set their price once, right before launch, and then never look at it again.',
      'The first decision that matters is your value metric, the unit your customer pays for.',
      'A good value metric grows with the value the customer gets, like seats, tracked events, or invoices processed.',
      'If you charge per seat for a tool that one admin uses, your revenue will never grow with the account.',
      'Once you have the metric, you build packaging, which means deciding what goes into each tier.',
      'We usually recommend three tiers: a starter plan, a growth plan, and an enterprise plan with custom pricing.',
      'The middle tier should be the one you actually want most customers to buy.',
      'Put single sign-on, audit logs and priority support in the enterprise tier, because large companies will pay for them.',
      'Now let us talk about discounts, which is where most of the money quietly disappears.',
      'An annual plan discount of fifteen to twenty percent is normal and it improves your cash flow.',
      'But ad hoc discounts given by sales at the end of the quarter train customers to wait for the deal.',
      'The hardest conversation is raising prices for existing customers.',
      'Our rule is simple: grandfather your current customers for at least six months and tell them early.',
      'When one of our clients raised prices by thirty percent, churn went up by less than two percent because they explained the new features first.',
      'Let me say a few words about free trials versus freemium.',
      'A free trial works when the product shows its value in two weeks; freemium works when users invite other users.',
      'If you are not sure, start with a fourteen day trial and measure how many trial users reach the aha moment.',
      'To wrap up: pick a value metric, build three clear tiers, protect your discounts, and revisit your pricing every six months.',
      'I think we have time for one or two questions.',
      'Yes, in the front: the question is whether to show prices on the website.',
      'My answer is yes for the self-serve tiers, and talk to sales only for the enterprise plan.',
      'Thank you all very much, and enjoy the rest of the conference.',
    ],
    scenes: [
      [0, 'A woman in a blue blazer walks onto a conference stage and waves at the audience.'],
      [
        2,
        'Wide shot of the audience in a dark hall, about half of the people raising their hands.',
      ],
      [5, 'Slide titled "Your value metric" with icons for seats, events and invoices.'],
      [
        8,
        'Slide with a three-column pricing table: Starter, Growth, Enterprise, with the middle column highlighted.',
      ],
      [
        12,
        'Close-up of the speaker gesturing; a slide behind her shows a discount percentage chart.',
      ],
      [15, 'Slide with a line chart of churn before and after a thirty percent price increase.'],
      [18, 'Slide comparing free trial and freemium funnels side by side.'],
      [
        22,
        'The speaker holds a microphone toward an audience member in the front row during questions.',
      ],
      [25, 'The audience applauds as the speaker leaves the stage.'],
    ],
    slides: [
      [0, 'Title slide: "Pricing Strategy for SaaS Founders" with the conference logo.'],
      [5, 'On-screen text: "Value metric = the unit of value you charge for".'],
      [8, 'On-screen text: "Starter $29 / Growth $99 / Enterprise: talk to us".'],
      [15, 'On-screen text: "Grandfather existing customers for 6 months".'],
      [21, 'On-screen text: "Revisit pricing every 6 months".'],
    ],
  },
  {
    key: 'acme-demo',
    collection: 'default',
    name: 'Product Demo: Acme Analytics 3.0',
    description:
      'Walkthrough of the new dashboards, alerts, SQL editor and pricing of Acme Analytics 3.0.',
    sentences: [
      'Hi, I am Raj from the Acme product team, and today I will show you what is new in Acme Analytics three point oh.',
      'This is the home screen you see right after logging in.',
      'The biggest change is the new dashboard builder, which now supports drag and drop.',
      'I will drag a revenue chart onto the canvas and resize it next to the weekly active users chart.',
      'Every chart can be filtered by date range, region, or customer segment with one click.',
      'Next, let me show you alerts, which many of you asked for.',
      'You can set an alert when a metric crosses a threshold, for example when signups drop by twenty percent.',
      'Alerts can go to email, to a Slack channel, or to a webhook of your choice.',
      'For analysts we rebuilt the SQL editor from scratch.',
      'It has autocomplete for table and column names, and it shows a preview of the results as you type.',
      'Queries you save here can be turned into a chart on any dashboard.',
      'Now a quick look at data sources.',
      'We added connectors for Snowflake, BigQuery and Postgres, and each one takes about a minute to set up.',
      'Sync runs every fifteen minutes by default, or in real time on the business plan.',
      'Let me also cover sharing and permissions.',
      'You can share a dashboard with a public link, or restrict it to people in your workspace with view-only access.',
      'Finally, pricing: the team plan stays at forty nine dollars per month, and the business plan now includes real time sync.',
      'Existing customers get the new features at no extra cost.',
      'That is the tour of Acme Analytics three point oh, and you can try it free for fourteen days.',
    ],
    scenes: [
      [0, 'A man in a grey hoodie speaks to the camera in a bright office with plants behind him.'],
      [
        1,
        'Screen recording of a login page followed by an analytics home screen with a left sidebar.',
      ],
      [
        2,
        'Screen recording: a bar chart is dragged onto a dashboard canvas and resized with the mouse.',
      ],
      [5, 'Screen recording of an alert settings form with a threshold field and a Slack icon.'],
      [8, 'Screen recording of a dark-themed SQL editor with an autocomplete dropdown.'],
      [11, 'Screen recording of a grid of database logos: Snowflake, BigQuery, Postgres.'],
      [14, 'Screen recording of a share dialog with a copy link button and permission dropdown.'],
      [16, 'Slide with two pricing cards: Team 49 dollars per month and Business.'],
      [18, 'The presenter smiles and points at a "Start free trial" button on screen.'],
    ],
  },
  {
    key: 'distributed-lecture',
    collection: 'default',
    name: 'Intro to Distributed Systems — Lecture 4',
    description:
      'Replication, consensus and the CAP theorem, with a whiteboard walkthrough of Raft leader election.',
    sentences: [
      'Alright, let us get started, today is lecture four and we are going to talk about replication and consensus.',
      'Last week we saw why a single server is a single point of failure.',
      'The obvious fix is replication: we keep copies of the data on several machines.',
      'But as soon as you have copies, you need the copies to agree with each other.',
      'With leader based replication, one node accepts writes and streams them to the followers.',
      'If the leader crashes, the followers must elect a new leader, and that is where consensus comes in.',
      'Let me draw the Raft protocol on the whiteboard.',
      'Each node starts as a follower with a random election timeout between one hundred fifty and three hundred milliseconds.',
      'When the timeout fires, the node becomes a candidate, increments its term, and asks the others for votes.',
      'A candidate that gets votes from a majority of the cluster becomes the leader for that term.',
      'This is why clusters usually have an odd number of nodes, like three or five.',
      'Now, the CAP theorem says that during a network partition you must choose between consistency and availability.',
      'A partition means some nodes cannot talk to the others, for example when a switch fails between two racks.',
      'A consistent system refuses writes on the minority side, while an available system accepts them and reconciles later.',
      'Systems like Cassandra lean towards availability, and systems like etcd lean towards consistency.',
      'Another important idea is the quorum: if reads and writes both touch a majority, every read sees the latest write.',
      'For the homework, you will implement leader election in the simulator we set up last week.',
      'The assignment is due next Friday at midnight, and the tests are already in the repository.',
      'Any questions before we finish?',
      'Good question: clock skew does not break Raft, because it relies on terms, not on wall clock time.',
      'Okay, see you all on Thursday.',
    ],
    scenes: [
      [
        0,
        'A professor stands in front of a large whiteboard in a lecture hall with tiered seating.',
      ],
      [2, 'Slide showing three database cylinders connected by arrows labelled "replicate".'],
      [
        6,
        'The professor draws three circles on the whiteboard labelled follower, candidate and leader.',
      ],
      [
        9,
        'Close-up of the whiteboard: arrows for vote requests between five nodes, one node circled as leader.',
      ],
      [11, 'Slide with a triangle labelled Consistency, Availability and Partition tolerance.'],
      [15, 'Slide showing overlapping read and write quorums on five nodes.'],
      [16, 'Slide with the homework instructions and a due date of Friday midnight.'],
      [18, 'Students in the lecture hall; one raises a hand to ask a question.'],
    ],
    slides: [
      [0, 'Title slide: "Lecture 4: Replication and Consensus".'],
      [11, 'On-screen text: "CAP: during a partition, pick C or A".'],
      [16, 'On-screen text: "Homework 3: leader election, due Friday 23:59".'],
    ],
  },
  {
    key: 'onboarding-walkthrough',
    collection: 'default',
    name: 'Onboarding Walkthrough for New Users',
    description:
      'Five-minute guide for new users: creating a workspace, inviting teammates, first project, notifications.',
    sentences: [
      'Welcome! This short video walks you through your first five minutes in the app.',
      'First, create a workspace and give it the name of your team or company.',
      'Then upload a logo, so your teammates recognise the workspace when they join.',
      'Next, invite your teammates by email from the members page.',
      'Each invited person gets a link that is valid for seven days.',
      'You can make someone an admin, an editor, or a viewer, and change it at any time.',
      'Now let us create your first project from a template.',
      'The marketing launch template already contains tasks, due dates and a board view.',
      'Drag a task to the in progress column to start working on it.',
      'To keep the noise down, open your notification settings.',
      'We recommend a daily email digest instead of an email for every change.',
      'If you use the mobile app, you can turn on push notifications for mentions only.',
      'Finally, connect your calendar so that due dates show up next to your meetings.',
      'If you get stuck, the help button in the bottom right corner opens a chat with our support team.',
      'That is it, you are ready to go.',
    ],
    scenes: [
      [0, 'Animated title card with a friendly waving hand and the text "Welcome".'],
      [
        1,
        'Screen recording of a form to create a workspace with a name field and a logo upload area.',
      ],
      [3, 'Screen recording of a members page with an invite by email dialog.'],
      [6, 'Screen recording of a template gallery; the marketing launch template is selected.'],
      [8, 'Screen recording of a kanban board; a card is dragged to the "In progress" column.'],
      [
        9,
        'Screen recording of notification settings with toggles for email digest and push notifications.',
      ],
      [12, 'Screen recording of a calendar with due dates shown next to meetings.'],
      [
        13,
        'A chat window opens in the bottom right corner of the screen with a support agent avatar.',
      ],
    ],
  },
  {
    key: 'knife-skills',
    collection: 'default',
    name: 'Kitchen Basics: Knife Skills Lesson',
    description:
      'Cooking lesson on holding a chef’s knife, dicing an onion, julienne carrots and keeping a knife sharp.',
    sentences: [
      'Hello and welcome back to Kitchen Basics, today we are working on knife skills.',
      'All you need is a chef knife, a cutting board, and a damp towel under the board so it does not slide.',
      'Hold the knife with a pinch grip: your thumb and index finger on the blade, the other fingers around the handle.',
      'Your other hand makes a claw, with the fingertips tucked in, so the knife slides against your knuckles.',
      'Let us start with an onion.',
      'Cut it in half through the root, peel off the skin, and leave the root on so the layers hold together.',
      'Make horizontal cuts, then vertical cuts, and then slice across to get an even dice.',
      'If your eyes are watering, chill the onion for ten minutes before cutting.',
      'Next up, carrots, and we are going to julienne them into thin matchsticks.',
      'Square off the carrot first so it does not roll, then cut thin planks and stack them.',
      'Slice the stack lengthwise and you have perfect matchsticks for a stir fry.',
      'Now fresh herbs: bunch the parsley tightly and rock the knife through it, never crush it.',
      'A sharp knife is safer than a dull one, because it does not slip.',
      'Use a honing steel before every session, and sharpen on a whetstone a few times a year.',
      'Hold the blade at about fifteen degrees to the stone and pull it across in smooth strokes.',
      'Wash the knife by hand and dry it immediately; never put it in the dishwasher.',
      'Practice these cuts this week, and next time we will make a vegetable soup with them.',
    ],
    scenes: [
      [0, 'A chef in a white apron stands behind a wooden counter in a home kitchen.'],
      [1, 'Overhead shot of a chef knife, a wooden cutting board and a folded damp towel.'],
      [
        2,
        'Close-up of a hand holding a knife with a pinch grip, the other hand curled into a claw.',
      ],
      [4, 'Overhead shot of an onion cut in half, then diced into small even pieces.'],
      [8, 'Close-up of orange carrots being cut into thin matchsticks on the board.'],
      [11, 'Green parsley being chopped finely with a rocking motion of the knife.'],
      [13, 'The chef sharpens the knife on a rectangular whetstone, water on the stone.'],
      [15, 'The knife is washed by hand in a sink and dried with a towel.'],
      [16, 'The chef smiles next to three small bowls of prepared vegetables.'],
    ],
  },
  {
    key: 'offsite-raw',
    collection: 'default',
    name: 'Team offsite — raw footage',
    description: 'Unedited footage from the spring team offsite; not processed yet.',
    searchable: false,
    sentences: [
      'Is this recording? Okay, great, the camera is on.',
      'Welcome everyone to the spring offsite, it is so nice to see all of you in one room.',
      'The plan for today is a roadmap review in the morning and a hike in the afternoon.',
      'Lunch will be served on the terrace at half past twelve.',
      'Before we start the roadmap, let us do a quick round of introductions for the new people.',
      'I joined three weeks ago as a designer, and I am still learning everyone’s names.',
      'Okay, let us look at the roadmap for the next two quarters.',
      'The big bet is the mobile app, and we want a beta by the end of summer.',
      'Please bring good shoes for the hike, the trail is muddy after the rain.',
      'Thanks everyone, let us take a ten minute break.',
    ],
    scenes: [
      [0, 'Shaky handheld shot of a meeting room with a long table and people sitting down.'],
      [2, 'A woman stands in front of a whiteboard with the agenda written in marker.'],
      [6, 'Projected slide of a roadmap timeline with a mobile app milestone.'],
      [8, 'Group of people in hiking gear outside on a muddy trail.'],
    ],
  },
  {
    key: 'accessibility-keynote',
    collection: 'talks',
    name: 'Designing for Accessibility — keynote',
    description:
      'Keynote on colour contrast, keyboard navigation, screen readers and testing with disabled users.',
    sentences: [
      'Thank you, it is a real honour to open this year’s design conference.',
      'One in five people lives with some kind of disability, and every one of them uses software.',
      'Accessibility is not a feature you add at the end; it is part of the quality of the product.',
      'Let us start with colour contrast, the most common problem we find in audits.',
      'Body text needs a contrast ratio of at least four and a half to one against its background.',
      'Light grey text on a white background looks elegant on your monitor and is unreadable in the sun.',
      'The second topic is keyboard navigation.',
      'Every action must be reachable with the tab key, and the focus ring must always be visible.',
      'Please never remove the focus outline in your stylesheet without replacing it with something better.',
      'Third, screen readers.',
      'Use real buttons and links, give every image meaningful alternative text, and label your form fields.',
      'A div with a click handler is invisible to a screen reader user.',
      'Now, motion: some people get dizzy from parallax and large animations.',
      'Respect the reduced motion setting of the operating system and turn those animations off.',
      'Finally, the most important advice: test with disabled users, not only with automated tools.',
      'Automated checkers catch maybe a third of the problems; people catch the rest.',
      'Pay them for their time, the same way you pay any other expert.',
      'If you remember one thing today, make it this: design for the edges, and the middle takes care of itself.',
      'Thank you.',
    ],
    scenes: [
      [
        0,
        'A speaker in a yellow sweater on a large stage in front of a screen reading "Design for everyone".',
      ],
      [3, 'Slide showing grey text on white next to black text on white, with contrast ratios.'],
      [
        6,
        'Screen recording of a web form navigated with the keyboard, a thick blue focus ring moving between fields.',
      ],
      [
        9,
        'Screen recording of a screen reader reading out a button label, with a speech bubble overlay.',
      ],
      [
        12,
        'Slide with an animated parallax illustration crossed out and the reduced motion setting.',
      ],
      [
        14,
        'Video clip of a blind tester using a laptop with headphones during a usability session.',
      ],
      [17, 'The speaker bows while the audience gives a standing ovation.'],
    ],
  },
  {
    key: 'postgres-scaling',
    collection: 'talks',
    name: 'Scaling Postgres to a Billion Rows',
    description:
      'Engineering talk about indexes, partitioning, connection pooling, vacuum and read replicas.',
    sentences: [
      'Hi everyone, I am Marco, and I run the database team at a logistics company.',
      'Two years ago our main Postgres table passed one billion rows, and this talk is about what broke.',
      'The first thing that broke was a query that used to take ten milliseconds and suddenly took forty seconds.',
      'The planner had switched to a sequential scan because our statistics were stale.',
      'We fixed it with a composite index on customer id and created at, and by running analyze more often.',
      'Partial indexes were a big win too, because most queries only look at open shipments.',
      'Next came partitioning.',
      'We partitioned the shipments table by month, which made old data cheap to archive and drop.',
      'Dropping a partition takes milliseconds, while deleting a hundred million rows takes all night and bloats the table.',
      'The third problem was connections.',
      'Each Postgres connection is a process, and five thousand connections from our services nearly killed the server.',
      'We put PgBouncer in transaction pooling mode in front of it, and now we use about two hundred real connections.',
      'Then there is vacuum, which everyone ignores until it is too late.',
      'Tune autovacuum per table, because the defaults are far too lazy for a table that gets millions of updates a day.',
      'Finally, read replicas took the reporting queries off the primary.',
      'Be careful with replication lag: a user who writes and then reads from a replica may not see their own change.',
      'Our rule is that anything a user just changed is read from the primary for a few seconds.',
      'To sum up: keep statistics fresh, index for your real queries, partition by time, pool connections, and watch vacuum.',
      'The slides and our autovacuum settings are on my blog, thanks for listening.',
    ],
    scenes: [
      [
        0,
        'A bearded speaker at a podium with a laptop, an elephant logo on the screen behind him.',
      ],
      [
        2,
        'Slide with a query plan showing "Seq Scan" highlighted in red and a timing of 40 seconds.',
      ],
      [
        4,
        'Slide with a CREATE INDEX statement in monospace font and an arrow down to 10 milliseconds.',
      ],
      [6, 'Diagram of a large table split into monthly partitions, the oldest one being dropped.'],
      [9, 'Diagram of many services connecting through a connection pooler box into one database.'],
      [12, 'Graph of table bloat growing over time and falling after autovacuum tuning.'],
      [14, 'Diagram of a primary database replicating to two read replicas with a lag clock.'],
      [17, 'Summary slide with five bullet points; the speaker thanks the audience.'],
    ],
    slides: [
      [0, 'Title slide: "Scaling Postgres to a Billion Rows".'],
      [6, 'On-screen text: "PARTITION BY RANGE (created_at)".'],
      [9, 'On-screen text: "PgBouncer: transaction pooling, 200 server connections".'],
      [17, 'On-screen text: "Stats, indexes, partitions, pooling, vacuum".'],
    ],
  },
  {
    key: 'remote-work-panel',
    collection: 'talks',
    name: 'The Future of Remote Work — panel',
    description:
      'Panel with three founders on hiring across time zones, async communication, offsites and burnout.',
    sentences: [
      'Welcome to the last panel of the day, on the future of remote work.',
      'I have three founders with me who run fully remote companies, so let us start with quick introductions.',
      'I am Aisha, and my company has ninety people in twenty two countries.',
      'I am Tom, we are forty people, mostly in Europe and Latin America.',
      'First question: how do you hire across so many time zones?',
      'We hire for overlap: everyone shares at least three hours with the rest of their team.',
      'And we pay the same salary band for the same role, no matter where you live.',
      'The next topic is communication, and I think this is where most remote teams struggle.',
      'We write everything down; decisions live in documents, not in video calls.',
      'Async communication means you do not expect an answer in five minutes, and that is a feature.',
      'But you still need some meetings, especially one on ones, which we never skip.',
      'Let us talk about in person time.',
      'We do two offsites a year, and honestly they are the most valuable money we spend.',
      'People who have met in person give each other the benefit of the doubt in chat.',
      'The last topic is burnout, which is real in remote teams.',
      'When your office is your kitchen, the work day never really ends.',
      'We ask managers to watch for people sending messages late at night and to talk to them about it.',
      'Thank you to our panel, and thanks to all of you for staying until the end.',
    ],
    scenes: [
      [
        0,
        'Three panelists and a moderator sit in armchairs on a stage with a plant and a small table.',
      ],
      [2, 'Close-up of a woman with curly hair speaking into a handheld microphone.'],
      [4, 'Slide of a world map with dots in many countries and time zone bands.'],
      [7, 'Close-up of a man with glasses gesturing while he talks about writing things down.'],
      [11, 'Photo slideshow of a team offsite: people hiking and eating together at a long table.'],
      [14, 'The moderator leans forward; the slide behind reads "Burnout".'],
      [17, 'The panelists stand up and shake hands while the audience claps.'],
    ],
  },
  {
    key: 'ml-production',
    collection: 'talks',
    name: 'Machine Learning in Production: Lessons Learned',
    description:
      'Talk on data drift, monitoring, feature stores, shadow deployments and rollback of models.',
    sentences: [
      'Hello, I lead the machine learning platform team at a payments company, and I want to share our mistakes.',
      'Training a model is maybe ten percent of the work; running it in production is the other ninety.',
      'Our first fraud model was great in the notebook and terrible after two months in production.',
      'The reason was data drift: the transactions we saw in production no longer looked like the training data.',
      'So lesson one is monitoring, and not only latency and errors but the distribution of inputs and predictions.',
      'We alert when a feature’s distribution moves too far from the training baseline.',
      'Lesson two is the feature store.',
      'We had the same feature computed in two ways, once in the training pipeline and once in the online service, and they disagreed.',
      'A feature store gives you one definition of each feature for both training and serving.',
      'Lesson three is how to deploy a new model safely.',
      'We first run it in shadow mode, where it scores real traffic but its decisions are ignored.',
      'Then we send five percent of traffic to it, compare the business metrics, and only then roll it out fully.',
      'And you always need a way to roll back to the previous model in one click.',
      'Lesson four: retrain on a schedule, and keep the old training data so you can reproduce any model.',
      'Finally, people: the data scientists who build a model should be on call for it, at least for the first weeks.',
      'Thanks, and I am happy to take questions in the hallway.',
    ],
    scenes: [
      [0, 'A speaker with a headset microphone in front of a slide reading "ML in production".'],
      [
        2,
        'Slide with two histograms that no longer overlap, labelled training data and production data.',
      ],
      [4, 'Screen capture of a monitoring dashboard with latency graphs and a red drift alert.'],
      [
        6,
        'Architecture diagram with a feature store box between the training pipeline and the online service.',
      ],
      [9, 'Diagram of traffic splitting: shadow model, five percent canary, full rollout.'],
      [12, 'Slide with a big "Rollback" button and a model version history table.'],
      [14, 'Photo of an on-call rotation calendar with data scientists names.'],
    ],
  },
  {
    key: 'onboarding-interview',
    collection: 'customers',
    name: 'Customer Interview: Onboarding pain points',
    description:
      'Research interview with an operations manager about setting up the product and training her team.',
    sentences: [
      'Thanks for making the time today, this call is about your experience getting started with the product.',
      'Sure, happy to help, I am the operations manager at a mid-sized logistics company.',
      'Can you tell me about the first day after you signed up?',
      'Honestly, the first day was confusing, because the empty dashboard did not tell me what to do next.',
      'I expected a checklist or a sample project, and instead I had a blank page.',
      'The import was the worst part, our spreadsheet had dates in European format and the importer rejected every row.',
      'The error message just said invalid file, so I had to guess what was wrong.',
      'I ended up calling support, and they were great, but it took two days to sort out.',
      'How did training your team go?',
      'I had to train twelve people, and there was no video or guide I could just send them.',
      'Half of them never logged in during the first week because the invitation email went to spam.',
      'What would have made it easier?',
      'A sample project with real looking data, clear error messages for the import, and a short training video.',
      'Also, permissions: I did not understand the difference between an editor and a member.',
      'And what finally made it click for you?',
      'When I saw the weekly report for the first time, I understood why we bought it.',
      'If the report had been on day one, I think the whole team would have been excited much sooner.',
      'That is really helpful, thank you so much.',
    ],
    scenes: [
      [
        0,
        'Video call grid: an interviewer with headphones and a woman in an office with shelves of binders.',
      ],
      [3, 'Screen share of an empty dashboard with the text "No data yet".'],
      [5, 'Screen share of a spreadsheet import dialog showing a red "Invalid file" error.'],
      [8, 'The customer speaks to the camera, counting on her fingers.'],
      [11, 'The interviewer takes notes in a notebook while nodding.'],
      [15, 'Screen share of a weekly report with charts and a summary table.'],
      [17, 'Both participants wave goodbye on the video call.'],
    ],
  },
  {
    key: 'security-interview',
    collection: 'customers',
    name: 'Customer Interview: Enterprise security review',
    description:
      'Interview with a CISO about the security questionnaire, SSO, data residency and the SOC 2 report.',
    sentences: [
      'Thank you for joining, I would love to hear how the security review went on your side.',
      'Of course, I am the CISO at a bank, so every new vendor goes through a long review with us.',
      'The first step is always our security questionnaire, which has about three hundred questions.',
      'Your team answered it in a week, which is fast, but some answers just linked to marketing pages.',
      'What mattered most for us was single sign-on with SAML and automatic deprovisioning through SCIM.',
      'Without SSO we simply cannot roll out a tool to five thousand employees.',
      'The second blocker was data residency; our data must stay in the European Union.',
      'We were relieved that you offer a Frankfurt region, but it was hard to find in the documentation.',
      'Then we asked for your SOC two type two report and your latest penetration test summary.',
      'Having those ready under an NDA saved us about a month.',
      'Encryption at rest and in transit was fine, but we also wanted customer managed keys.',
      'Audit logs were the last item, and we need them exported to our SIEM every hour.',
      'So what would you change in the process?',
      'Publish a trust center with the reports, the sub-processors and the data regions in one place.',
      'That alone would make the next bank say yes much faster.',
      'Great, thank you, this is exactly the feedback we needed.',
    ],
    scenes: [
      [
        0,
        'Video call with a man in a suit in front of a bookshelf and a company logo on the wall.',
      ],
      [
        2,
        'Screen share of a long spreadsheet with hundreds of security questions and yellow highlights.',
      ],
      [4, 'Screen share of an identity provider settings page with SAML and SCIM configuration.'],
      [6, 'Slide with a map of Europe and a pin on Frankfurt marked "EU region".'],
      [8, 'Screen share of a PDF cover page titled "SOC 2 Type II Report".'],
      [11, 'Screen share of an audit log table with timestamps, users and actions.'],
      [13, 'The CISO speaks to the camera with his hands folded on the desk.'],
    ],
  },
  {
    key: 'globex-sales-call',
    collection: 'customers',
    name: 'Sales Call: Globex renewal',
    description:
      'Renewal call with Globex procurement: usage review, seat count, multi-year discount and next steps.',
    sentences: [
      'Hi everyone, thanks for joining, the goal today is to agree on the Globex renewal before the end of the month.',
      'Let me start with a quick review of your usage over the last year.',
      'You have two hundred forty active users out of three hundred seats, and usage grew every quarter.',
      'The reporting module is the most used feature, especially by your finance team.',
      'From our side, the concern is the price increase in the new quote.',
      'Our budget for next year is flat, so a twelve percent increase is hard to approve.',
      'Understood; one option is to right size the contract to two hundred fifty seats.',
      'That would keep the total price almost the same as this year.',
      'Another option is a two year contract with an eight percent discount and the price locked.',
      'We would need legal to review the two year terms, especially the termination clause.',
      'Of course, I will send the contract draft and the order form today.',
      'We also want a named customer success manager as part of the renewal.',
      'Yes, that is included at this contract size, and I will introduce you to Priya next week.',
      'So the next steps are: we send the draft, your legal team reviews it, and we meet again on Thursday.',
      'Sounds good, talk to you on Thursday.',
    ],
    scenes: [
      [
        0,
        'Video call with four participants; a salesperson shares her screen with a slide "Globex renewal".',
      ],
      [
        1,
        'Screen share of a usage dashboard with a line chart of active users growing per quarter.',
      ],
      [4, 'A procurement manager in a meeting room frowns and looks at printed papers.'],
      [6, 'Screen share of a quote with two columns: 300 seats versus 250 seats.'],
      [
        8,
        'Screen share of a pricing comparison for one year and two year contracts with discount.',
      ],
      [13, 'Screen share of a bullet list titled "Next steps" with dates.'],
    ],
  },
];
