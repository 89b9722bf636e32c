import LintCore
import PythonSyntax
import TrainingModel

/// UM301: a learning rate that cannot work.
package struct LearningRateRule: Rule {
    package init() {}

    /// An optimizer constructor: only those carry a learning rate.
    package static let triggerTokens: TriggerTokens = .optimizers

    package static let description = RuleDescription(
        code: "UM301",
        name: "learning-rate-out-of-range",
        summary: "Learning rate that is negative, zero, far too large or far too small",
        defaultSeverity: .warning,
        whatItDoes: """
            Checks the learning rate of every optimizer whose rate is known from the source: a literal, a constant \
            (`LR = 1e-3`), arithmetic on those, and the starting rate of a learning-rate schedule (Keras \
            `keras.optimizers.schedules.*`: `initial_learning_rate`, the first of `PiecewiseConstantDecay`'s \
            `values`, `CosineDecay`'s `warmup_target` when it warms up; PyTorch schedulers start from the \
            optimizer's `lr`). Reports a rate that is

            - negative, or zero;
            - above `max-learning-rate` (1.0) for any optimizer;
            - above `max-adaptive-learning-rate` (0.01) for an adaptive optimizer: the Adam family (Adam, AdamW, \
            Adamax, Nadam, RAdam, SparseAdam), RMSprop, Adafactor, Lion, Lamb; TF1's `tf.train.AdamOptimizer` \
            and `tf.train.RMSPropOptimizer` count too;
            - above `max-accumulating-learning-rate` (0.5) for Adagrad and FTRL (also TF1's), whose steps shrink \
            as squared gradients accumulate and which commonly run at 0.01–0.5;
            - below `min-learning-rate` (1e-7).

            The same table of optimizer families and ranges serves the runtime rule UM506. Not reported: SGD up \
            to 1.0 (0.1 with momentum is the classic setting); Adadelta, whose rate only scales an already \
            normalised step (PyTorch's default is 1.0); optimizers given as strings (`"adam"`, the default \
            rate); `OneCycleLR` and `CyclicLR`, which replace the optimizer's rate with their own bounds, and \
            `LambdaLR`, whose function scales it from the first step (the Transformer's Noam schedule runs \
            `Adam(lr=1.0)` times a factor near 1e-3); a rate \
            of 0 for an optimizer handed to a wrapper object that sets the rate itself (`NoamOpt(d_model, factor, \
            warmup, Adam(params, lr=0))`, the Transformer's schedule); rates \
            that are not constants; optimizers that update an input rather than weights (style transfer, deep \
            dream: `opt.apply_gradients([(grads, image)])` or `torch.optim.Adam([image])` with the image fed to \
            a network), whose rates are in pixel units and have their own scale.
            """,
        whyIsThisBad: """
            The learning rate is the size of each step down the loss. A negative rate steps uphill, so the loss \
            grows the longer you train; zero never changes the weights. Too large a step overshoots every minimum: \
            the loss jumps around, grows, or becomes NaN. Adaptive optimizers divide each step by a running \
            estimate of the gradient's size, so their steps are about as large as the learning rate itself: rates \
            that suit SGD (0.1) are far too large for Adam, whose default is 0.001. Too small a rate barely moves \
            the weights, and the model looks as if it cannot learn. The original UMLAUT accepted only [1e-7, 0.01] \
            for every optimizer, which wrongly flagged SGD at 0.1; these defaults tell the two families apart, and \
            `[tool.umlaut.thresholds]` changes them.
            """,
        example: """
            optimizer = keras.optimizers.Adam(learning_rate=0.1)
            """,
        useInstead: """
            optimizer = keras.optimizers.Adam(learning_rate=1e-3)
            """,
        fixSafety: """
            A negative rate whose magnitude is in range is made positive (the minus sign dropped, or the name \
            wrapped in `abs(...)`); any other rate out of range is replaced by a typical one: 1e-3 for adaptive \
            optimizers, 0.05 for Adagrad and FTRL, 0.01 for SGD. Both fixes are unsafe: the right rate depends on the model and the data, and \
            the suggestion is a starting point for tuning. Other optimizers (Adadelta, L-BFGS, ...) get no automatic fix.
            """,
        references: [
            Reference(
                "Goodfellow, Bengio and Courville, Deep Learning, ch. 8 (learning rates)",
                "https://www.deeplearningbook.org/contents/optimization.html"),
            Reference("keras.optimizers.Adam", "https://keras.io/api/optimizers/adam/"),
            Reference("torch.optim", "https://pytorch.org/docs/stable/optim.html"),
            Reference(
                "Schoop, Huang and Hartmann, UMLAUT: Debugging Deep Learning Programs using Program Structure "
                    + "and Model Behavior (CHI 2021)", "https://doi.org/10.1145/3411764.3445538"),
        ],
        triggeringExamples: [
            // A zero passed on to a function (not a wrapper that sets rates) is still zero.
            Example(
                """
                import torch
                net = torch.nn.Linear(2, 2)
                optimizer = torch.optim.SGD(net.parameters(), lr=↓0)
                train(net, optimizer)
                """),
            Example(
                """
                import tensorflow as tf
                LEARNING_RATE = -1e3
                optimizer = tf.keras.optimizers.Adam(learning_rate=↓LEARNING_RATE)
                """),
            Example(
                """
                import torch
                model = torch.nn.Linear(4, 2)
                optimizer = torch.optim.SGD(model.parameters(), lr=↓5)
                """),
            Example(
                """
                import keras
                optimizer = keras.optimizers.Adam(↓0.1)
                """),
            Example(
                """
                import torch.optim as optim
                optimizer = optim.RMSprop(params, lr=↓1e-9)
                """),
            Example(
                """
                import keras
                schedule = keras.optimizers.schedules.ExponentialDecay(initial_learning_rate=↓0.5, decay_steps=1000, decay_rate=0.9)
                optimizer = keras.optimizers.Adam(learning_rate=schedule)
                """),
            Example(
                """
                import torch.optim as optim
                optimizer = optim.SGD(params, lr=↓0, momentum=0.9)
                """),
            Example(
                """
                import torch.optim as optim
                optimizer = optim.SGD(params, ↓0.5)
                """, thresholds: ["max-learning-rate": 0.3]),
            // Adagrad has its own, higher ceiling, but 0.9 is above it.
            Example(
                """
                import keras
                optimizer = keras.optimizers.Adagrad(learning_rate=↓0.9)
                """),
            // TF1 optimizers carry their rate first.
            Example(
                """
                import tensorflow as tf
                optimizer = tf.compat.v1.train.AdamOptimizer(↓0.1)
                """),
            // Raw tensors that nothing feeds to a network are weights.
            Example(
                """
                import torch
                w = torch.randn(3, requires_grad=True)
                optimizer = torch.optim.Adam([w], lr=↓0.5)
                loss = ((x @ w - y) ** 2).mean()
                """),
            // An optimizer of model weights, even when a custom step applies it.
            Example(
                """
                import tensorflow as tf
                opt = tf.keras.optimizers.Adam(learning_rate=↓0.5)
                def train_step(model, x, y):
                    with tf.GradientTape() as tape:
                        loss = loss_fn(y, model(x))
                    grads = tape.gradient(loss, model.trainable_variables)
                    opt.apply_gradients(zip(grads, model.trainable_variables))
                """),
        ],
        nonTriggeringExamples: [
            Example(
                """
                import keras
                optimizer = keras.optimizers.SGD(learning_rate=0.1, momentum=0.9)
                """),
            Example(
                """
                import keras
                optimizer = keras.optimizers.Adam(1e-3)
                """),
            Example(
                """
                import torch.optim as optim
                LR = 3e-4
                optimizer = optim.AdamW(params, lr=LR * 2, weight_decay=0.01)
                """),
            Example(
                """
                import torch.optim as optim
                optimizer = optim.Adadelta(params, lr=1.0)
                """),
            Example(
                """
                import keras
                model = keras.Sequential([keras.layers.Dense(1)])
                model.compile(optimizer="adam", loss="mse")
                """),
            Example(
                """
                import torch.optim as optim
                optimizer = optim.SGD(params, lr=args.lr)
                """),
            // A warm-up from 0 to 1e-3: the rate that matters is the warm-up target.
            Example(
                """
                import keras
                schedule = keras.optimizers.schedules.CosineDecay(0.0, decay_steps=1000, warmup_target=1e-3, warmup_steps=100)
                optimizer = keras.optimizers.Adam(learning_rate=schedule)
                """),
            // A rate of 0 as the placeholder of an optimizer a wrapper drives (a Noam schedule).
            Example(
                """
                import torch

                def get_std_opt(params, d_model, warmup, factor):
                    base = torch.optim.Adam(params, lr=0, betas=(0.9, 0.98), eps=1e-9)
                    return NoamOpt(d_model, factor, warmup, base)
                """),
            // OneCycleLR replaces the optimizer's rate with its own bounds.
            Example(
                """
                import torch
                optimizer = torch.optim.Adam(params, lr=0.05)
                scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.01, total_steps=1000)
                """),
            // LambdaLR scales the rate from the first step: the Annotated Transformer's Noam schedule.
            Example(
                """
                import torch
                from torch.optim.lr_scheduler import LambdaLR
                optimizer = torch.optim.Adam(model.parameters(), lr=0.5, betas=(0.9, 0.98), eps=1e-9)
                scheduler = LambdaLR(optimizer, lr_lambda=lambda step: rate(step, 512, factor=1, warmup=400))
                """),
            Example(
                """
                import keras
                optimizer = keras.optimizers.Adam(learning_rate=0.05)
                """, thresholds: ["max-adaptive-learning-rate": 0.1]),
            // Adagrad and FTRL commonly run at 0.01–0.5 (TensorFlow's canned estimators use 0.05).
            Example(
                """
                import tensorflow as tf
                linear = tf.keras.optimizers.Ftrl(learning_rate=0.1)
                deep = tf.keras.optimizers.Adagrad(0.05)
                """),
            Example(
                """
                import tensorflow as tf
                optimizer = tf.compat.v1.train.AdagradOptimizer(learning_rate=0.1)
                """),
            // Style transfer: the optimizer updates the image, in pixel units.
            Example(
                """
                import tensorflow as tf
                opt = tf.keras.optimizers.Adam(learning_rate=0.02)
                image = tf.Variable(content_image)
                def train_step(image):
                    with tf.GradientTape() as tape:
                        loss = style_loss(extractor(image))
                    grad = tape.gradient(loss, image)
                    opt.apply_gradients([(grad, image)])
                """),
            Example(
                """
                import keras
                optimizer = keras.optimizers.SGD(keras.optimizers.schedules.ExponentialDecay(100.0, 100, 0.96))
                combination_image = keras.Variable(preprocess_image(base_image_path))
                for i in range(4000):
                    loss, grads = compute_loss_and_grads(combination_image, base_image)
                    optimizer.apply_gradients([(grads, combination_image)])
                """),
            Example(
                """
                import torch
                target = content.clone().requires_grad_(True)
                optimizer = torch.optim.Adam([target], lr=0.1)
                for step in range(100):
                    loss = style_loss(vgg(target), vgg(style))
                    optimizer.zero_grad()
                    loss.backward()
                    optimizer.step()
                """),
            Example(
                """
                import torch
                optimizer = torch.optim.Adam([input_img.requires_grad_()], lr=0.05)
                features = model(input_img)
                """),
        ],
        corrections: [
            Correction(
                """
                import keras
                optimizer = keras.optimizers.Adam(learning_rate=-1e-3)
                """,
                """
                import keras
                optimizer = keras.optimizers.Adam(learning_rate=1e-3)
                """),
            Correction(
                """
                import keras
                LR = -0.001
                optimizer = keras.optimizers.SGD(learning_rate=LR)
                """,
                """
                import keras
                LR = -0.001
                optimizer = keras.optimizers.SGD(learning_rate=abs(LR))
                """),
            Correction(
                """
                import torch
                optimizer = torch.optim.SGD(params, lr=5)
                """,
                """
                import torch
                optimizer = torch.optim.SGD(params, lr=0.01)
                """),
            Correction(
                """
                import tensorflow as tf
                optimizer = tf.keras.optimizers.Adam(-1e3)
                """,
                """
                import tensorflow as tf
                optimizer = tf.keras.optimizers.Adam(0.001)
                """),
        ]
    )

    /// Whether the optimizer object goes into the constructor of another object, a wrapper that
    /// may set its rate: its own constructor is an argument of a call to a capitalised name
    /// (`NoamOpt(..., Adam(...))`), or the name it is assigned to is, in the same function
    /// (`base = Adam(...)`, then `NoamOpt(d_model, factor, warmup, base)`). A function it is
    /// passed to (`train(model, optimizer)`) and a known scheduler (which keeps a zero a zero)
    /// do not count.
    static func isHandedOn(_ optimizer: Optimizer, context: RuleContext) -> Bool {
        guard !optimizer.isSchedule, let call = context.node(at: optimizer.span), call.type == "call",
            let parent = call.parent
        else { return false }
        func isWrapper(_ argument: Node) -> Bool {
            var list = argument.parent
            if list?.type == "keyword_argument" { list = list?.parent }
            guard list?.type == "argument_list", let callee = list?.parent?.child(field: .function) else {
                return false
            }
            let name = callee.text.split(separator: ".").last ?? ""
            return name.first?.isUppercase == true
        }
        if parent.type == "argument_list" || parent.type == "keyword_argument" { return isWrapper(call) }
        guard parent.type == "assignment", parent.child(field: .right) == call,
            let target = parent.child(field: .left), target.type == "identifier"
        else { return false }
        let name = target.text
        var scope = parent
        while let next = scope.parent, next.type != "function_definition" { scope = next }
        var handed = false
        scope.walk { node in
            if handed { return false }
            if node.type == "identifier", node.text == name, node.startByte > parent.endByte, isWrapper(node) {
                handed = true
            }
            return true
        }
        return handed
    }

    package func check(_ context: RuleContext) -> [Diagnostic] {
        let thresholds = context.settings.thresholds
        var diagnostics: [Diagnostic] = []
        for optimizer in context.model.optimizers where optimizer.updatedInput == nil {
            guard let argument = optimizer.isSchedule ? optimizer.initialLearningRate : optimizer.learningRate,
                let rate = argument.value.number
            else { continue }
            let range = LearningRateRange(family: optimizer.family, thresholds: thresholds)
            guard let found = range.problem(with: rate) else { continue }
            // A rate of 0 is the placeholder of an optimizer that a wrapper drives (espnet's
            // `NoamOpt(d_model, factor, warmup, Adam(params, lr=0))` sets the rate every step).
            if case .zero = found, Self.isHandedOn(optimizer, context: context) { continue }
            let problem: String
            let short: String
            switch found {
            case .notANumber, .zero:
                short = "is \(rate.isNaN ? "NaN" : "zero"): nothing is learned"
                problem = "is \(rate.isNaN ? "NaN" : "zero"): the weights never change and the model cannot learn"
            case .negative:
                short = "is negative: the loss grows"
                problem =
                    "is negative: every step moves the weights up the gradient, so the loss grows instead of falling"
            case .aboveMaximum(let limit):
                short = "is above \(Value.float(limit).pythonLiteral)"
                problem =
                    "is above \(Value.float(limit).pythonLiteral): steps this large overshoot every "
                    + "minimum, and the loss jumps, grows or becomes NaN"
            case .aboveFamilyMaximum(let limit):
                short = "is above \(Value.float(limit).pythonLiteral) for \(range.familyDescription)"
                problem =
                    optimizer.family == .accumulating
                    ? "is above \(Value.float(limit).pythonLiteral), too large even for \(range.familyDescription), whose "
                        + "steps start at about the learning rate: training is unstable or diverges"
                    : "is above \(Value.float(limit).pythonLiteral), too large for \(range.familyDescription), "
                        + "which already scales each step to about the learning rate: training is unstable or diverges"
            case .belowMinimum(let limit):
                short = "is below \(Value.float(limit).pythonLiteral)"
                problem =
                    "is below \(Value.float(limit).pythonLiteral): the weights barely move, and the "
                    + "model seems unable to learn"
            }
            let written =
                argument.value.pythonLiteral == argument.text
                ? "`\(argument.text)`"
                : "`\(argument.text)` (= \(argument.value.pythonLiteral))"
            let subject =
                optimizer.isSchedule
                ? "The learning-rate schedule of `\(optimizer.className)` (\(context.lines.label(optimizer.span.line))) starts at \(written), which"
                : "The learning rate of `\(optimizer.className)` (\(context.lines.label(optimizer.span.line))), \(written),"
            let summary =
                "\(optimizer.isSchedule ? "Initial learning rate" : "Learning rate") "
                + (argument.value.pythonLiteral == argument.text
                    ? "" : "\(ShortName.code(argument.text, limit: 20)) = ")
                + "\(ShortName.shortened(argument.value.pythonLiteral, limit: 12)) of \(ShortName.code(optimizer.className)) \(short)"
            diagnostics.append(
                context.diagnostic(
                    Self.self, at: argument.valueSpan, summary: summary, message: "\(subject) \(problem)",
                    help: range.typicalRange,
                    fix: fix(rate: rate, argument: argument, range: range)))
        }
        return diagnostics
    }

    private func fix(rate: Double, argument: Argument, range: LearningRateRange) -> Fix? {
        let span = argument.valueSpan.byteRange
        if rate < 0, -rate >= range.minimum, -rate <= range.upperBound {
            let text = argument.text.trimmingCharacters(in: " ")
            if text.hasPrefix("-"), argument.value.pythonLiteral == text || Double(String(text.dropFirst())) != nil {
                let positive = String(text.dropFirst()).trimmingCharacters(in: " ")
                return Fix(
                    title: "Use \(positive)", applicability: .unsafe, edits: [Edit(range: span, replacement: positive)])
            }
            return Fix(
                title: "Use abs(\(text))", applicability: .unsafe,
                edits: [Edit(range: span, replacement: "abs(\(text))")])
        }
        guard let suggestion = range.typicalRate else { return nil }
        return Fix(
            title: "Use a learning rate of \(suggestion)", applicability: .unsafe,
            edits: [Edit(range: span, replacement: suggestion)])
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(drop { $0 == set }.reversed().drop { $0 == set }.reversed())
    }
}
