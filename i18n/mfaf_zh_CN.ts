<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>mfaf</name>
        <message>
            <location filename="../algorithms/provider.py" line="51" />
            <source>MFAF prospectivity</source>
            <extracomment>provider</extracomment>
            <translation>MFAF 成矿远景</translation>
        </message>
        <message>
            <location filename="../algorithms/provider.py" line="54" />
            <source>MFAF mineral prospectivity (multiscale feature attention)</source>
            <extracomment>provider</extracomment>
            <translation>MFAF 矿产远景预测（多尺度特征注意力）</translation>
        </message>
        <message>
            <location filename="../algorithms/base.py" line="51" />
            <source>0 Setup</source>
            <extracomment>group</extracomment>
            <translation>0 安装设置</translation>
        </message>
        <message>
            <location filename="../algorithms/base.py" line="52" />
            <source>1 Data preparation</source>
            <extracomment>group</extracomment>
            <translation>1 数据准备</translation>
        </message>
        <message>
            <location filename="../algorithms/base.py" line="53" />
            <source>2 Model</source>
            <extracomment>group</extracomment>
            <translation>2 模型</translation>
        </message>
        <message>
            <location filename="../algorithms/base.py" line="54" />
            <source>3 Evaluation</source>
            <extracomment>group</extracomment>
            <translation>3 评估</translation>
        </message>
        <message>
            <location filename="../algorithms/base.py" line="55" />
            <source>4 Pipelines</source>
            <extracomment>group</extracomment>
            <translation>4 流程</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="21" />
            <source>Check installation</source>
            <extracomment>display</extracomment>
            <translation>检查安装</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="37" />
            <source>Compare models (held-out evaluation)</source>
            <extracomment>display</extracomment>
            <translation>模型比较（留出集评估）</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="37" />
            <source>Cross-validate (spatial folds)</source>
            <extracomment>display</extracomment>
            <translation>交叉验证（空间折）</translation>
        </message>
        <message>
            <location filename="../algorithms/explain_location.py" line="25" />
            <source>Explain a location</source>
            <extracomment>display</extracomment>
            <translation>解释一个位置</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="39" />
            <source>IDW element rasters</source>
            <extracomment>display</extracomment>
            <translation>元素 IDW 插值栅格</translation>
        </message>
        <message>
            <location filename="../algorithms/install_dependencies.py" line="34" />
            <source>Install Python dependencies</source>
            <extracomment>display</extracomment>
            <translation>安装 Python 依赖包</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="30" />
            <source>Make labelled tiles</source>
            <extracomment>display</extracomment>
            <translation>生成带标签图块</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="75" />
            <source>Predict prospectivity map</source>
            <extracomment>display</extracomment>
            <translation>预测成矿远景图</translation>
        </message>
        <message>
            <location filename="../algorithms/provider.py" line="15" />
            <source>Full pipeline: screening to prospectivity map</source>
            <extracomment>display</extracomment>
            <translation>完整流程：从元素筛选到成矿远景图</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="143" />
            <source>Screen elements by AUC (ZAUC)</source>
            <extracomment>display</extracomment>
            <translation>按 AUC（ZAUC）筛选元素</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="31" />
            <source>Build evidence stack</source>
            <extracomment>display</extracomment>
            <translation>构建证据图层栈</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="33" />
            <source>Train model</source>
            <extracomment>display</extracomment>
            <translation>训练模型</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="40" />
            <source>Fail when something is missing</source>
            <extracomment>label</extracomment>
            <translation>缺少组件时报错</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="44" />
            <source>Missing packages</source>
            <extracomment>label</extracomment>
            <translation>缺少的软件包</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="45" />
            <source>torch version</source>
            <extracomment>label</extracomment>
            <translation>torch 版本</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="46" />
            <source>Device torch will use</source>
            <extracomment>label</extracomment>
            <translation>torch 将使用的设备</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="47" />
            <source>torch self-test</source>
            <extracomment>label</extracomment>
            <translation>torch 自检</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="86" />
            <location filename="../algorithms/train_model.py" line="85" />
            <source>Tile dataset</source>
            <extracomment>label</extracomment>
            <translation>图块数据集</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="90" />
            <source>Methods (Table 3)</source>
            <extracomment>label</extracomment>
            <translation>方法（表 3）</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="95" />
            <source>Ablations (Tables 4-6)</source>
            <extracomment>label</extracomment>
            <translation>消融实验（表 4–6）</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="101" />
            <source>Ablation base model</source>
            <extracomment>label</extracomment>
            <translation>消融实验基准模型</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="108" />
            <source>Self-distillation weight beta</source>
            <extracomment>label</extracomment>
            <translation>自蒸馏权重 beta</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="113" />
            <source>Distillation temperature</source>
            <extracomment>label</extracomment>
            <translation>蒸馏温度</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="118" />
            <source>Dilation rates of the MFAF models</source>
            <extracomment>label</extracomment>
            <translation>MFAF 模型的膨胀率</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="125" />
            <location filename="../algorithms/cross_validate.py" line="139" />
            <source>Seeds</source>
            <extracomment>label</extracomment>
            <translation>随机种子</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="129" />
            <location filename="../algorithms/cross_validate.py" line="177" />
            <source>Bootstrap resamples</source>
            <extracomment>label</extracomment>
            <translation>自助法重采样次数</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="134" />
            <source>Probability threshold</source>
            <extracomment>label</extracomment>
            <translation>概率阈值</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="141" />
            <location filename="../algorithms/cross_validate.py" line="179" />
            <location filename="../algorithms/explain_location.py" line="70" />
            <location filename="../algorithms/predict_prospectivity.py" line="162" />
            <location filename="../algorithms/train_model.py" line="122" />
            <source>Device</source>
            <extracomment>label</extracomment>
            <translation>设备</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="146" />
            <source>Output folder (tables)</source>
            <extracomment>label</extracomment>
            <translation>输出文件夹（表格）</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="150" />
            <location filename="../algorithms/cross_validate.py" line="198" />
            <location filename="../algorithms/predict_prospectivity.py" line="204" />
            <source>Report</source>
            <extracomment>label</extracomment>
            <translation>报告</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="150" />
            <location filename="../algorithms/cross_validate.py" line="198" />
            <location filename="../algorithms/predict_prospectivity.py" line="204" />
            <source>HTML files (*.html)</source>
            <extracomment>label</extracomment>
            <translation>HTML 文件 (*.html)</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="153" />
            <source>Split method of the dataset</source>
            <extracomment>label</extracomment>
            <translation>数据集的划分方法</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="160" />
            <source>Evidence stack (cross-validation protocol)</source>
            <extracomment>label</extracomment>
            <translation>证据图层栈（交叉验证方案）</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="165" />
            <source>Known deposits (cross-validation protocol)</source>
            <extracomment>label</extracomment>
            <translation>已知矿床（交叉验证方案）</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="248" />
            <location filename="../algorithms/cross_validate.py" line="107" />
            <location filename="../algorithms/cross_validate.py" line="251" />
            <location filename="../algorithms/make_tiles.py" line="89" />
            <location filename="../algorithms/make_tiles.py" line="156" />
            <location filename="../algorithms/predict_prospectivity.py" line="157" />
            <location filename="../algorithms/predict_prospectivity.py" line="302" />
            <location filename="../algorithms/screen_elements.py" line="182" />
            <source>Known deposits</source>
            <extracomment>label</extracomment>
            <translation>已知矿床</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="104" />
            <location filename="../algorithms/explain_location.py" line="56" />
            <location filename="../algorithms/make_tiles.py" line="87" />
            <location filename="../algorithms/predict_prospectivity.py" line="125" />
            <location filename="../algorithms/stack_layers.py" line="157" />
            <source>Evidence stack</source>
            <extracomment>label</extracomment>
            <translation>证据图层栈</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="110" />
            <source>Methods (mfaf_*: MFAF networks; others: classical baselines on cell values or window statistics)</source>
            <extracomment>label</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="123" />
            <source>Framing (centred: a window centred on every cell; grid: the paper's grid of windows)</source>
            <extracomment>label</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="135" />
            <location filename="../algorithms/cross_validate.py" line="192" />
            <source>Folds</source>
            <extracomment>label</extracomment>
            <translation>分折</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="159" />
            <location filename="../algorithms/train_model.py" line="102" />
            <source>Self-distillation weight beta (MFAF)</source>
            <extracomment>label</extracomment>
            <translation>自蒸馏权重 beta（MFAF）</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="161" />
            <source>Dilation rates (MFAF, empty = automatic)</source>
            <extracomment>label</extracomment>
            <translation>膨胀率（MFAF，留空 = 自动）</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="168" />
            <source>Band scaling per fold (training: from each fold's training area; stack: the stack's own)</source>
            <extracomment>label</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="188" />
            <source>Out-of-fold prospectivity</source>
            <extracomment>label</extracomment>
            <translation>折外成矿远景</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="195" />
            <source>Output folder</source>
            <extracomment>label</extracomment>
            <translation>输出文件夹</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="202" />
            <source>Model trained on all deposits</source>
            <extracomment>label</extracomment>
            <translation>基于全部矿床训练的模型</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="203" />
            <location filename="../algorithms/train_model.py" line="151" />
            <source>Model (*.pt)</source>
            <extracomment>label</extracomment>
            <translation>模型 (*.pt)</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="208" />
            <source>Out-of-fold cell AUC of the first method</source>
            <extracomment>label</extracomment>
            <translation>第一种方法的折外像元 AUC</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="209" />
            <source>Best out-of-fold cell AUC of the others</source>
            <extracomment>label</extracomment>
            <translation>其余方法中最佳的折外像元 AUC</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="210" />
            <source>Verdict</source>
            <extracomment>label</extracomment>
            <translation>结论</translation>
        </message>
        <message>
            <location filename="../algorithms/explain_location.py" line="59" />
            <source>Location</source>
            <extracomment>label</extracomment>
            <translation>位置</translation>
        </message>
        <message>
            <location filename="../algorithms/explain_location.py" line="62" />
            <location filename="../algorithms/train_model.py" line="151" />
            <source>Model file</source>
            <extracomment>label</extracomment>
            <translation>模型文件</translation>
        </message>
        <message>
            <location filename="../algorithms/explain_location.py" line="65" />
            <source>Stride (pixels, 0 = the model's)</source>
            <extracomment>label</extracomment>
            <translation>步长（像元，0 = 模型的步长）</translation>
        </message>
        <message>
            <location filename="../algorithms/explain_location.py" line="73" />
            <source>Integration steps</source>
            <extracomment>label</extracomment>
            <translation>积分步数</translation>
        </message>
        <message>
            <location filename="../algorithms/explain_location.py" line="78" />
            <source>Contributions (CSV)</source>
            <extracomment>label</extracomment>
            <translation>贡献（CSV）</translation>
        </message>
        <message>
            <location filename="../algorithms/explain_location.py" line="78" />
            <location filename="../algorithms/predict_prospectivity.py" line="194" />
            <location filename="../algorithms/zone_outputs.py" line="61" />
            <source>CSV files (*.csv)</source>
            <extracomment>label</extracomment>
            <translation>CSV 文件 (*.csv)</translation>
        </message>
        <message>
            <location filename="../algorithms/explain_location.py" line="81" />
            <source>Contributions chart (PNG)</source>
            <extracomment>label</extracomment>
            <translation>贡献图（PNG）</translation>
        </message>
        <message>
            <location filename="../algorithms/explain_location.py" line="82" />
            <location filename="../algorithms/explain_location.py" line="85" />
            <location filename="../algorithms/predict_prospectivity.py" line="216" />
            <source>PNG images (*.png)</source>
            <extracomment>label</extracomment>
            <translation>PNG 图像 (*.png)</translation>
        </message>
        <message>
            <location filename="../algorithms/explain_location.py" line="84" />
            <source>Evidence around the location (PNG)</source>
            <extracomment>label</extracomment>
            <translation>位置周围的证据（PNG）</translation>
        </message>
        <message>
            <location filename="../algorithms/explain_location.py" line="92" />
            <source>Why here</source>
            <extracomment>label</extracomment>
            <translation>为什么在这里</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="73" />
            <location filename="../algorithms/screen_elements.py" line="174" />
            <source>Sample points</source>
            <extracomment>label</extracomment>
            <translation>采样点</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="76" />
            <location filename="../algorithms/screen_elements.py" line="177" />
            <source>Element fields</source>
            <extracomment>label</extracomment>
            <translation>元素字段</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="81" />
            <source>Element names (comma-separated)</source>
            <extracomment>label</extracomment>
            <translation>元素名称（逗号分隔）</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="85" />
            <source>Extent</source>
            <extracomment>label</extracomment>
            <translation>范围</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="88" />
            <source>Pixel size</source>
            <extracomment>label</extracomment>
            <translation>像元大小</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="100" />
            <source>Power</source>
            <extracomment>label</extracomment>
            <translation>幂次</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="105" />
            <source>Search radius (0 = unlimited)</source>
            <extracomment>label</extracomment>
            <translation>搜索半径（0 = 不限）</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="111" />
            <source>Maximum points (0 = all)</source>
            <extracomment>label</extracomment>
            <translation>最多点数（0 = 全部）</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="116" />
            <source>log10 transform values</source>
            <extracomment>label</extracomment>
            <translation>对数值取 log10</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="120" />
            <source>Output CRS</source>
            <extracomment>label</extracomment>
            <translation>输出坐标系</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="125" />
            <source>Values &lt;= 0 before log10 become</source>
            <extracomment>label</extracomment>
            <translation>取 log10 前 &lt;= 0 的值替换为</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="131" />
            <source>Element rasters</source>
            <extracomment>label</extracomment>
            <translation>元素栅格</translation>
        </message>
        <message>
            <location filename="../algorithms/install_dependencies.py" line="60" />
            <source>torch build</source>
            <extracomment>label</extracomment>
            <translation>torch 版本类型</translation>
        </message>
        <message>
            <location filename="../algorithms/install_dependencies.py" line="61" />
            <source>CPU only (smaller download, works everywhere)</source>
            <extracomment>label</extracomment>
            <translation>仅 CPU（下载较小，处处可用）</translation>
        </message>
        <message>
            <location filename="../algorithms/install_dependencies.py" line="62" />
            <source>As PyPI has it (CUDA on Linux, CPU on Windows and macOS)</source>
            <extracomment>label</extracomment>
            <translation>按 PyPI 提供的版本（Linux 上为 CUDA，Windows 和 macOS 上为 CPU）</translation>
        </message>
        <message>
            <location filename="../algorithms/install_dependencies.py" line="63" />
            <source>From the index URL below (e.g. a CUDA version)</source>
            <extracomment>label</extracomment>
            <translation>来自下方的索引 URL（例如某个 CUDA 版本）</translation>
        </message>
        <message>
            <location filename="../algorithms/install_dependencies.py" line="67" />
            <source>Index URL of the torch build</source>
            <extracomment>label</extracomment>
            <translation>torch 版本的索引 URL</translation>
        </message>
        <message>
            <location filename="../algorithms/install_dependencies.py" line="71" />
            <source>Packages to install</source>
            <extracomment>label</extracomment>
            <translation>要安装的包</translation>
        </message>
        <message>
            <location filename="../algorithms/install_dependencies.py" line="89" />
            <source>Installed packages</source>
            <extracomment>label</extracomment>
            <translation>已安装的包</translation>
        </message>
        <message>
            <location filename="../algorithms/install_dependencies.py" line="90" />
            <source>Python used</source>
            <extracomment>label</extracomment>
            <translation>所用的 Python</translation>
        </message>
        <message>
            <location filename="../algorithms/install_dependencies.py" line="91" />
            <source>Still missing</source>
            <extracomment>label</extracomment>
            <translation>仍然缺少</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="91" />
            <source>Tile size (pixels)</source>
            <extracomment>label</extracomment>
            <translation>图块大小（像素）</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="95" />
            <location filename="../algorithms/predict_prospectivity.py" line="135" />
            <source>Stride (pixels, 0 = tile size)</source>
            <extracomment>label</extracomment>
            <translation>步长（像素，0 = 图块大小）</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="98" />
            <source>Train / test split</source>
            <extracomment>label</extracomment>
            <translation>训练 / 测试划分</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="99" />
            <source>Spatial blocks with a buffer (honest)</source>
            <extracomment>label</extracomment>
            <translation>带缓冲区的空间分块（严格）</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="100" />
            <source>Stratified random (as the paper)</source>
            <extracomment>label</extracomment>
            <translation>分层随机（同论文）</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="102" />
            <source>Test fraction</source>
            <extracomment>label</extracomment>
            <translation>测试集比例</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="105" />
            <source>Validation fraction</source>
            <extracomment>label</extracomment>
            <translation>验证集比例</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="111" />
            <source>Block size (windows)</source>
            <extracomment>label</extracomment>
            <translation>分块大小（窗口数）</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="115" />
            <source>Minimum valid fraction</source>
            <extracomment>label</extracomment>
            <translation>最小有效比例</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="119" />
            <source>SMOTE oversampling of ore tiles</source>
            <extracomment>label</extracomment>
            <translation>对含矿图块进行 SMOTE 过采样</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="121" />
            <source>SMOTE target ratio (ore / no ore)</source>
            <extracomment>label</extracomment>
            <translation>SMOTE 目标比例（含矿 / 不含矿）</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="125" />
            <source>Gaussian noise variance (0 = off)</source>
            <extracomment>label</extracomment>
            <translation>高斯噪声方差（0 = 关闭）</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="129" />
            <source>Noisy copies per training tile</source>
            <extracomment>label</extracomment>
            <translation>每个训练图块的加噪副本数</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="132" />
            <location filename="../algorithms/screen_elements.py" line="213" />
            <location filename="../algorithms/train_model.py" line="142" />
            <source>Random seed</source>
            <extracomment>label</extracomment>
            <translation>随机种子</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="135" />
            <source>Tile data set</source>
            <extracomment>label</extracomment>
            <translation>图块数据集</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="135" />
            <source>Tile data set (*.npz)</source>
            <extracomment>label</extracomment>
            <translation>图块数据集 (*.npz)</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="195" />
            <location filename="../algorithms/make_tiles.py" line="137" />
            <source>Tile cells</source>
            <extracomment>label</extracomment>
            <translation>图块单元</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="129" />
            <source>Model file (default: the bundled Murchison model)</source>
            <extracomment>label</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="142" />
            <source>Target score threshold (network score 0-1, not a probability)</source>
            <extracomment>label</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="150" />
            <source>Or: targets = top share of the map (%, 0 = use the score threshold)</source>
            <extracomment>label</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="166" />
            <source>Minimum share of valid cells per window</source>
            <extracomment>label</extracomment>
            <translation>每个窗口有效像元的最小比例</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="173" />
            <source>Windows per batch</source>
            <extracomment>label</extracomment>
            <translation>每批窗口数</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="180" />
            <source>Prospectivity score</source>
            <extracomment>label</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="186" />
            <location filename="../algorithms/predict_prospectivity.py" line="436" />
            <source>Drill targets</source>
            <extracomment>label</extracomment>
            <translation>钻探靶区</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="193" />
            <source>Drill targets (CSV)</source>
            <extracomment>label</extracomment>
            <translation>钻探靶区（CSV）</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="198" />
            <location filename="../algorithms/predict_prospectivity.py" line="433" />
            <source>All cells</source>
            <extracomment>label</extracomment>
            <translation>全部单元</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="210" />
            <source>Tile dataset for the held-out evaluation</source>
            <extracomment>label</extracomment>
            <translation>用于留出集评估的图块数据集</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="216" />
            <source>Map (PNG)</source>
            <extracomment>label</extracomment>
            <translation>地图（PNG）</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="221" />
            <source>Number of target cells</source>
            <extracomment>label</extracomment>
            <translation>靶区单元数</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="222" />
            <source>Number of greenfield targets</source>
            <extracomment>label</extracomment>
            <translation>绿地靶区数量</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="223" />
            <source>Share of the known deposits in scored cells that lie in target cells</source>
            <extracomment>label</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="226" />
            <source>Held-out accuracy</source>
            <extracomment>label</extracomment>
            <translation>留出测试准确率</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="227" />
            <source>Held-out ROC AUC</source>
            <extracomment>label</extracomment>
            <translation>留出测试 ROC AUC</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="228" />
            <source>Held-out recall (ore)</source>
            <extracomment>label</extracomment>
            <translation>留出测试召回率（矿）</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="229" />
            <source>Held-out F1 (ore)</source>
            <extracomment>label</extracomment>
            <translation>留出测试 F1（矿）</translation>
        </message>
        <message>
            <location filename="../algorithms/scheduler_param.py" line="16" />
            <source>Dask scheduler (empty = run here)</source>
            <extracomment>label</extracomment>
            <translation>Dask 调度器（留空 = 在本机运行）</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="45" />
            <source>Below-detection values ('&lt;L') become</source>
            <extracomment>label</extracomment>
            <translation>低于检出限的值（'&lt;L'）替换为</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="51" />
            <source>Negative values are</source>
            <extracomment>label</extracomment>
            <translation>负值处理方式</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="185" />
            <source>Positive samples</source>
            <extracomment>label</extracomment>
            <translation>正样本</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="186" />
            <source>Within the radius of a deposit</source>
            <extracomment>label</extracomment>
            <translation>位于矿床半径范围内</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="187" />
            <source>The K samples nearest each deposit</source>
            <extracomment>label</extracomment>
            <translation>距每个矿床最近的 K 个样品</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="192" />
            <source>Radius around deposits</source>
            <extracomment>label</extracomment>
            <translation>矿床周围半径</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="196" />
            <source>K nearest samples per deposit</source>
            <extracomment>label</extracomment>
            <translation>每个矿床最近的 K 个样品</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="201" />
            <source>Negative samples</source>
            <extracomment>label</extracomment>
            <translation>负样本</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="202" />
            <source>All other samples</source>
            <extracomment>label</extracomment>
            <translation>所有其余样品</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="203" />
            <source>A balanced random draw of the other samples</source>
            <extracomment>label</extracomment>
            <translation>从其余样品中均衡随机抽取</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="208" />
            <source>Critical ZAUC</source>
            <extracomment>label</extracomment>
            <translation>临界 ZAUC</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="219" />
            <source>Held-out areas (screen on training deposits only)</source>
            <extracomment>label</extracomment>
            <translation>留出区域（仅用训练矿床筛选）</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="226" />
            <source>Element screening table</source>
            <extracomment>label</extracomment>
            <translation>元素筛选表</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="229" />
            <source>Selected elements</source>
            <extracomment>label</extracomment>
            <translation>选中的元素</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="230" />
            <source>Deposits used for screening</source>
            <extracomment>label</extracomment>
            <translation>用于筛选的矿床</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="89" />
            <source>Element rasters (multi-band)</source>
            <extracomment>label</extracomment>
            <translation>元素栅格（多波段）</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="92" />
            <source>Extent of the reference grid</source>
            <extracomment>label</extracomment>
            <translation>参考网格范围</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="94" />
            <source>Pixel size (map units)</source>
            <extracomment>label</extracomment>
            <translation>像元大小（地图单位）</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="98" />
            <source>Target CRS</source>
            <extracomment>label</extracomment>
            <translation>目标坐标系</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="101" />
            <source>Geology polygons</source>
            <extracomment>label</extracomment>
            <translation>地质面</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="104" />
            <source>Geology class field</source>
            <extracomment>label</extracomment>
            <translation>地质类别字段</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="107" />
            <source>Geology encoding</source>
            <extracomment>label</extracomment>
            <translation>地质编码方式</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="108" />
            <source>One coded band (classes in sorted order)</source>
            <extracomment>label</extracomment>
            <translation>单个编码波段（类别按排序编号）</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="109" />
            <source>One band per class (one-hot)</source>
            <extracomment>label</extracomment>
            <translation>每个类别一个波段（独热编码）</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="112" />
            <source>Add distance to geological contacts</source>
            <extracomment>label</extracomment>
            <translation>添加到地质界线的距离</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="116" />
            <source>Fault lines</source>
            <extracomment>label</extracomment>
            <translation>断层线</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="119" />
            <source>Fault evidence</source>
            <extracomment>label</extracomment>
            <translation>断层证据</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="120" />
            <source>Distance to the nearest fault</source>
            <extracomment>label</extracomment>
            <translation>到最近断层的距离</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="120" />
            <source>Rasterised lines</source>
            <extracomment>label</extracomment>
            <translation>栅格化线</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="121" />
            <source>Fault density within a radius</source>
            <extracomment>label</extracomment>
            <translation>半径内断层密度</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="123" />
            <source>Fault density radius (m)</source>
            <extracomment>label</extracomment>
            <translation>断层密度半径（米）</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="126" />
            <source>Extra rasters</source>
            <extracomment>label</extracomment>
            <translation>附加栅格</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="129" />
            <source>Extra rasters are</source>
            <extracomment>label</extracomment>
            <translation>附加栅格类型</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="130" />
            <source>Detect: integer data types are categorical</source>
            <extracomment>label</extracomment>
            <translation>自动识别：整数数据类型视为类别型</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="131" />
            <source>All continuous (bilinear)</source>
            <extracomment>label</extracomment>
            <translation>全部为连续型（双线性）</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="132" />
            <source>All categorical (nearest neighbour)</source>
            <extracomment>label</extracomment>
            <translation>全部为类别型（最邻近）</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="135" />
            <source>Normalisation</source>
            <extracomment>label</extracomment>
            <translation>归一化</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="136" />
            <source>Min-max (0 to 1)</source>
            <extracomment>label</extracomment>
            <translation>最小-最大（0 到 1）</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="136" />
            <source>Z-score</source>
            <extracomment>label</extracomment>
            <translation>Z 分数</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="136" />
            <location filename="../algorithms/stack_layers.py" line="140" />
            <source>None</source>
            <extracomment>label</extracomment>
            <translation>无</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="139" />
            <source>Transform of the element bands</source>
            <extracomment>label</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="140" />
            <source>Log10</source>
            <extracomment>label</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="140" />
            <source>Centred log-ratio (clr)</source>
            <extracomment>label</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="146" />
            <source>Normalise like (stack or model file)</source>
            <extracomment>label</extracomment>
            <translation>按此归一化（图层栈或模型文件）</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="147" />
            <source>Stack or model (*.tif *.tiff *.pt)</source>
            <extracomment>label</extracomment>
            <translation>图层栈或模型 (*.tif *.tiff *.pt)</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="151" />
            <source>Study area mask</source>
            <extracomment>label</extracomment>
            <translation>研究区掩膜</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="154" />
            <source>Memory limit (MiB)</source>
            <extracomment>label</extracomment>
            <translation>内存上限（MiB）</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="88" />
            <source>Network</source>
            <extracomment>label</extracomment>
            <translation>网络</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="95" />
            <source>Dilation rates (MFAF)</source>
            <extracomment>label</extracomment>
            <translation>膨胀率（MFAF）</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="107" />
            <source>Channel attention (MFAF)</source>
            <extracomment>label</extracomment>
            <translation>通道注意力（MFAF）</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="111" />
            <source>Spatial attention (MFAF)</source>
            <extracomment>label</extracomment>
            <translation>空间注意力（MFAF）</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="127" />
            <source>Precision</source>
            <extracomment>label</extracomment>
            <translation>精度</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="133" />
            <source>Training processes (GPUs)</source>
            <extracomment>label</extracomment>
            <translation>训练进程数（GPU 数）</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="147" />
            <source>Resume from the checkpoint</source>
            <extracomment>label</extracomment>
            <translation>从检查点继续</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="158" />
            <source>Per-epoch metrics</source>
            <extracomment>label</extracomment>
            <translation>每轮指标</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="159" />
            <source>CSV (*.csv)</source>
            <extracomment>label</extracomment>
            <translation>CSV (*.csv)</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="35" />
            <source>Network capacity (MFAF)</source>
            <extracomment>label</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="50" />
            <source>Epochs</source>
            <extracomment>label</extracomment>
            <translation>训练轮数</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="53" />
            <source>Training recipe (adamw_onecycle: AdamW with a one-cycle learning rate; paper_sgd: the paper's SGD)</source>
            <extracomment>label</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="60" />
            <source>Batch size</source>
            <extracomment>label</extracomment>
            <translation>批大小</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="81" />
            <source>Random quarter turns and flips</source>
            <extracomment>label</extracomment>
            <translation>随机 90° 旋转和翻转</translation>
        </message>
        <message>
            <location filename="../algorithms/zone_outputs.py" line="41" />
            <source>Target zones: prospective ground</source>
            <extracomment>label</extracomment>
            <translation>靶区：有远景的区域</translation>
        </message>
        <message>
            <location filename="../algorithms/zone_outputs.py" line="42" />
            <source>The most prospective share of the area</source>
            <extracomment>label</extracomment>
            <translation>最有远景的面积比例</translation>
        </message>
        <message>
            <location filename="../algorithms/zone_outputs.py" line="43" />
            <source>Score at or above the threshold</source>
            <extracomment>label</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/zone_outputs.py" line="49" />
            <source>Target zones: share of the area (%)</source>
            <extracomment>label</extracomment>
            <translation>靶区：面积比例（%）</translation>
        </message>
        <message>
            <location filename="../algorithms/zone_outputs.py" line="53" />
            <location filename="../algorithms/zone_outputs.py" line="115" />
            <source>Target zones</source>
            <extracomment>label</extracomment>
            <translation>靶区</translation>
        </message>
        <message>
            <location filename="../algorithms/zone_outputs.py" line="61" />
            <source>Target zones (CSV)</source>
            <extracomment>label</extracomment>
            <translation>靶区（CSV）</translation>
        </message>
        <message>
            <location filename="../algorithms/zone_outputs.py" line="65" />
            <source>Number of target zones</source>
            <extracomment>label</extracomment>
            <translation>靶区数量</translation>
        </message>
        <message>
            <location filename="../algorithms/zone_outputs.py" line="66" />
            <source>Number of greenfield target zones</source>
            <extracomment>label</extracomment>
            <translation>绿地靶区数量</translation>
        </message>
        <message>
            <location filename="../algorithms/base.py" line="134" />
            <source>Not enough memory for this step: use a coarser grid, a smaller extent or fewer bands.</source>
            <extracomment>message</extracomment>
            <translation>内存不足，无法完成此步骤：请使用更粗的网格、更小的范围或更少的波段。</translation>
        </message>
        <message>
            <location filename="../algorithms/base.py" line="139" />
            <source>{} failed: {}: {}</source>
            <extracomment>message</extracomment>
            <translation>{} 失败：{}：{}</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="57" />
            <source>torch {} will run on {}</source>
            <extracomment>message</extracomment>
            <translation>torch {} 将在 {} 上运行</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="63" />
            <source>{} {} from {}</source>
            <extracomment>message</extracomment>
            <translation>{} {}，来自 {}</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="65" />
            <source>Missing Python packages: {}. To fix it, run Processing Toolbox &gt; MFAF prospectivity &gt; 0 Setup &gt; Install Python dependencies, then restart QGIS.</source>
            <extracomment>message</extracomment>
            <translation>缺少 Python 包：{}。解决方法：运行“处理工具箱 &gt; MFAF 成矿远景 &gt; 0 安装设置 &gt; 安装 Python 依赖包”，然后重启 QGIS。</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="71" />
            <source>All Python dependencies are importable.</source>
            <extracomment>message</extracomment>
            <translation>所有 Python 依赖均可导入。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="106" />
            <source>Training epochs of every network (paper: 220). The last epoch is scored.</source>
            <extracomment>message</extracomment>
            <translation>每个网络的训练轮数（论文：220）。以最后一轮的结果评分。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="145" />
            <source>the (model, seed) trainings</source>
            <extracomment>message</extracomment>
            <translation>各（模型、种子）训练</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="170" />
            <source>Folds (cross-validation protocol)</source>
            <extracomment>message</extracomment>
            <translation>折数（交叉验证方案）</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="170" />
            <source>Number of spatial folds.</source>
            <extracomment>message</extracomment>
            <translation>空间折的数量。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="171" />
            <source>Window size in cells (cross-validation protocol)</source>
            <extracomment>message</extracomment>
            <translation>窗口大小（像元，交叉验证方案）</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="172" />
            <source>Side of the windows centred on each cell.</source>
            <extracomment>message</extracomment>
            <translation>以每个像元为中心的窗口边长。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="183" />
            <source>Choose at least one method or one ablation.</source>
            <extracomment>message</extracomment>
            <translation>请至少选择一种方法或一项消融实验。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="187" />
            <source>Give either a tile dataset (held-out tiles) or an evidence stack with known deposits (cross-validation), not both and not neither.</source>
            <extracomment>message</extracomment>
            <translation>请给出图块数据集（留出图块）或证据图层栈及已知矿床（交叉验证）二者之一，不可两者都给，也不可都不给。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="200" />
            <location filename="../algorithms/train_model.py" line="174" />
            <source>Tile dataset '{}' not found: run 'Make labelled tiles' first.</source>
            <extracomment>message</extracomment>
            <translation>未找到图块数据集“{}”：请先运行“生成带标签图块”。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="230" />
            <source>Wrote {}</source>
            <extracomment>message</extracomment>
            <translation>已写入 {}</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="246" />
            <source>The evidence stack or the deposit layer could not be opened.</source>
            <extracomment>message</extracomment>
            <translation>无法打开证据图层栈或矿床图层。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="247" />
            <location filename="../algorithms/cross_validate.py" line="247" />
            <location filename="../algorithms/make_tiles.py" line="152" />
            <source>The evidence stack</source>
            <extracomment>message</extracomment>
            <translation>证据图层栈</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="130" />
            <source>Window size (cells; 32 cells of 500 m = 16 km)</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="131" />
            <source>Side of the windows in cells; the ground size is this times the stack's cell size. The default, 32 cells, is the window of the documented results on 500 m stacks (16 km); the bundled model reads the same 16 km as 16 cells of 1 km. On a 1 km stack, 16 cells give the same ground.</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="135" />
            <source>Number of folds; each is held out once.</source>
            <extracomment>message</extracomment>
            <translation>折数；每一折轮流留出一次。</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="136" />
            <source>Block size (cells, 0 = automatic)</source>
            <extracomment>message</extracomment>
            <translation>分块大小（像元，0 = 自动）</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="137" />
            <source>Side of the square blocks held out together. 0: four windows, reduced until every fold can hold three blocks with deposits.</source>
            <extracomment>message</extracomment>
            <translation>整体留出的正方形分块的边长。0：取四个窗口的宽度，并逐步减小，直到每一折都能容纳三个含矿床的分块。</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="143" />
            <source>Fold seed</source>
            <extracomment>message</extracomment>
            <translation>分折随机种子</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="144" />
            <source>Seed of the assignment of blocks to folds.</source>
            <extracomment>message</extracomment>
            <translation>将分块分配到各折时所用的随机种子。</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="145" />
            <source>Passes over the training windows of every fold (each pass holds at least 1024 windows). The model is the mean of the weights of the last third of the epochs.</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="148" />
            <source>Background windows per deposit window</source>
            <extracomment>message</extracomment>
            <translation>每个矿床窗口对应的背景窗口数</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="149" />
            <source>Background windows drawn afresh every epoch for each deposit window.</source>
            <extracomment>message</extracomment>
            <translation>每轮为每个矿床窗口重新抽取的背景窗口数。</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="150" />
            <source>Background distance from deposits (cells)</source>
            <extracomment>message</extracomment>
            <translation>背景与矿床的距离（像元）</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="151" />
            <source>Background windows are centred at least this far from any known deposit.</source>
            <extracomment>message</extracomment>
            <translation>背景窗口的中心与任何已知矿床的距离至少为此值。</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="153" />
            <source>Prediction stride (cells)</source>
            <extracomment>message</extracomment>
            <translation>预测步长（像元）</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="154" />
            <source>Networks predict every n-th cell in each direction; the other cells take the value of the nearest predicted centre (1 = every cell, slowest).</source>
            <extracomment>message</extracomment>
            <translation>网络在每个方向上每隔 n 个像元预测一次；其余像元取最近的已预测中心的值（1 = 逐像元预测，最慢）。</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="156" />
            <source>Validation share of the training blocks</source>
            <extracomment>message</extracomment>
            <translation>训练分块中验证集的比例</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="157" />
            <source>Not used by the networks any more: they train on every training block and keep the mean weights of their last epochs (kept so that saved scripts still run).</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="160" />
            <source>Weight of the self-distillation term of the MFAF loss (paper's best 0.4).</source>
            <extracomment>message</extracomment>
            <translation>MFAF 损失函数中自蒸馏项的权重（论文最佳值 0.4）。</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="178" />
            <source>Resamples of the blocks for the 95 % intervals.</source>
            <extracomment>message</extracomment>
            <translation>为计算 95% 置信区间对分块进行重采样的次数。</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="184" />
            <source>the (fold, method, seed) runs</source>
            <extracomment>message</extracomment>
            <translation>各（折、方法、种子）运行</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="246" />
            <location filename="../algorithms/make_tiles.py" line="150" />
            <location filename="../algorithms/predict_prospectivity.py" line="266" />
            <source>The evidence stack could not be opened.</source>
            <extracomment>message</extracomment>
            <translation>无法打开证据图层栈。</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="250" />
            <location filename="../algorithms/make_tiles.py" line="155" />
            <source>The deposit layer could not be opened.</source>
            <extracomment>message</extracomment>
            <translation>无法打开矿床图层。</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="254" />
            <source>Choose at least one method.</source>
            <extracomment>message</extracomment>
            <translation>请至少选择一种方法。</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="256" />
            <source>A model file needs a network among the methods.</source>
            <extracomment>message</extracomment>
            <translation>要输出模型文件，所选方法中必须包含一个网络。</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="288" />
            <source>Training {} on all deposits for the model file ({} seed(s)).</source>
            <extracomment>message</extracomment>
            <translation>正在用全部矿床训练 {} 以生成模型文件（{} 个随机种子）。</translation>
        </message>
        <message>
            <location filename="../algorithms/explain_location.py" line="88" />
            <source>Ore probability</source>
            <extracomment>message</extracomment>
            <translation>成矿概率</translation>
        </message>
        <message>
            <location filename="../algorithms/explain_location.py" line="88" />
            <source>Uncertainty (spread)</source>
            <extracomment>message</extracomment>
            <translation>不确定性（离散度）</translation>
        </message>
        <message>
            <location filename="../algorithms/explain_location.py" line="89" />
            <source>Baseline probability</source>
            <extracomment>message</extracomment>
            <translation>基线概率</translation>
        </message>
        <message>
            <location filename="../algorithms/explain_location.py" line="90" />
            <source>Completeness gap</source>
            <extracomment>message</extracomment>
            <translation>完备性误差</translation>
        </message>
        <message>
            <location filename="../algorithms/explain_location.py" line="100" />
            <source>The evidence stack could not be opened as a raster file.</source>
            <extracomment>message</extracomment>
            <translation>无法将证据图层栈作为栅格文件打开。</translation>
        </message>
        <message>
            <location filename="../algorithms/explain_location.py" line="103" />
            <location filename="../algorithms/predict_prospectivity.py" line="260" />
            <source>The model file '{}' does not exist.</source>
            <extracomment>message</extracomment>
            <translation>模型文件“{}”不存在。</translation>
        </message>
        <message>
            <location filename="../algorithms/explain_location.py" line="109" />
            <source>Ore probability {:.3f} at ({:.1f}, {:.1f}); baseline {:.3f}; why here: {}</source>
            <extracomment>message</extracomment>
            <translation>({1:.1f}, {2:.1f}) 处的成矿概率为 {0:.3f}；基线 {3:.3f}；为什么在这里：{4}</translation>
        </message>
        <message>
            <location filename="../algorithms/explain_location.py" line="126" />
            <source>Ore probability {:.2f} (baseline {:.2f}) at {:.0f}, {:.0f}</source>
            <extracomment>message</extracomment>
            <translation>{2:.0f}, {3:.0f} 处的成矿概率 {0:.2f}（基线 {1:.2f}）</translation>
        </message>
        <message>
            <location filename="../algorithms/guidance.py" line="67" />
            <source>Dilation rate(s) {} do not fit the {}-pixel tiles: a 3x3 convolution with dilation d reaches a neighbouring pixel of a t-pixel tile only when d &lt; t, so these branches see every pixel alone. Use rates below {}, e.g. {} (the bundled model's).</source>
            <extracomment>message</extracomment>
            <translation>膨胀率 {} 与 {} 像素的图块不匹配：膨胀率为 d 的 3x3 卷积只有在 d &lt; t 时才能在 t 像素的图块内触及相邻像元，因此这些分支只能孤立地看到每个像元。请使用小于 {} 的膨胀率，例如 {}（内置模型所用）。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="143" />
            <source>Set both width and height (or neither, and a pixel size).</source>
            <extracomment>message</extracomment>
            <translation>请同时设置宽度和高度（或都不设置，并设置像元大小）。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="145" />
            <source>Set a pixel size, or a width and a height in pixels.</source>
            <extracomment>message</extracomment>
            <translation>请设置像元大小，或以像素为单位的宽度和高度。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="153" />
            <source>Both a field list and element names were given: using the field list.</source>
            <extracomment>message</extracomment>
            <translation>同时给出了字段列表和元素名称：将使用字段列表。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="165" />
            <source>The output CRS of '{}'</source>
            <extracomment>message</extracomment>
            <translation>“{}”的输出坐标系</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="187" />
            <source>Grid {} x {} pixels of {:g} x {:g}, {} element(s), about {:.0f} MiB</source>
            <extracomment>message</extracomment>
            <translation>网格 {} x {} 像素，像元 {:g} x {:g}，{} 个元素，约 {:.0f} MiB</translation>
        </message>
        <message>
            <location filename="../algorithms/install_dependencies.py" line="77" />
            <source>Local wheel folder (offline)</source>
            <extracomment>message</extracomment>
            <translation>本地 wheel 文件夹（离线）</translation>
        </message>
        <message>
            <location filename="../algorithms/install_dependencies.py" line="78" />
            <source>A folder of .whl files (e.g. made with 'pip download' on a machine with internet): pip then installs from it only, without the internet.</source>
            <extracomment>message</extracomment>
            <translation>一个存放 .whl 文件的文件夹（例如在联网的机器上用“pip download”生成）：pip 将只从这里安装，无需联网。</translation>
        </message>
        <message>
            <location filename="../algorithms/install_dependencies.py" line="80" />
            <source>Install into folder</source>
            <extracomment>message</extracomment>
            <translation>安装到文件夹</translation>
        </message>
        <message>
            <location filename="../algorithms/install_dependencies.py" line="81" />
            <source>Empty: python/mfaf_deps/pythonX.Y in your QGIS profile folder, which the plugin reads at start. Another folder is only used if you add it to Python's path yourself.</source>
            <extracomment>message</extracomment>
            <translation>留空：QGIS 用户配置文件夹中的 python/mfaf_deps/pythonX.Y，插件启动时会读取它。其他文件夹只有在您自行将其加入 Python 路径后才会被使用。</translation>
        </message>
        <message>
            <location filename="../algorithms/install_dependencies.py" line="104" />
            <source>Give the 'Index URL of the torch build', or choose another torch build.</source>
            <extracomment>message</extracomment>
            <translation>请填写“torch 版本的索引 URL”，或选择其他 torch 版本类型。</translation>
        </message>
        <message>
            <location filename="../algorithms/install_dependencies.py" line="111" />
            <source>Python: {}; target folder: {}</source>
            <extracomment>message</extracomment>
            <translation>Python：{}；目标文件夹：{}</translation>
        </message>
        <message>
            <location filename="../algorithms/install_dependencies.py" line="112" />
            <source>Resolving: {}</source>
            <extracomment>message</extracomment>
            <translation>正在解析依赖：{}</translation>
        </message>
        <message>
            <location filename="../algorithms/install_dependencies.py" line="120" />
            <source>Already provided by QGIS's Python, not installed again: {}</source>
            <extracomment>message</extracomment>
            <translation>QGIS 的 Python 已提供，不再重复安装：{}</translation>
        </message>
        <message>
            <location filename="../algorithms/install_dependencies.py" line="125" />
            <source>Installed into {}: {}</source>
            <extracomment>message</extracomment>
            <translation>已安装到 {}：{}</translation>
        </message>
        <message>
            <location filename="../algorithms/install_dependencies.py" line="125" />
            <source>nothing</source>
            <extracomment>message</extracomment>
            <translation>无</translation>
        </message>
        <message>
            <location filename="../algorithms/install_dependencies.py" line="131" />
            <source>Still not importable in this QGIS session: {}. Restart QGIS, then run 'Check installation'.</source>
            <extracomment>message</extracomment>
            <translation>在当前 QGIS 会话中仍无法导入：{}。请重启 QGIS，然后运行“检查安装”。</translation>
        </message>
        <message>
            <location filename="../algorithms/layers.py" line="118" />
            <source>The layer '{}' given as '{}' is empty (it has no features): choose a layer with {}, or leave it out.</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/layers.py" line="122" />
            <source>The layer '{}' given as '{}' holds {}, not {}: choose a layer of {}.</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/layers.py" line="123" />
            <source>no geometry</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/layers.py" line="130" />
            <source>{} has no valid coordinate reference system; set one (Layer Properties &gt; Source).</source>
            <extracomment>message</extracomment>
            <translation>{} 没有有效的坐标参考系；请设置一个（图层属性 &gt; 源）。</translation>
        </message>
        <message>
            <location filename="../algorithms/layers.py" line="133" />
            <source>{} is in {} whose units are not metres: distances and cell sizes need a projected CRS. Reproject the layer (Vector &gt; Data Management &gt; Reproject Layer) or choose a projected output CRS.</source>
            <extracomment>message</extracomment>
            <translation>{} 使用的 {} 单位不是米：距离和像元大小需要投影坐标系。请重投影该图层（矢量 &gt; 数据管理工具 &gt; 重投影图层），或选择投影坐标系作为输出坐标系。</translation>
        </message>
        <message>
            <location filename="../algorithms/layers.py" line="159" />
            <source>Layer '{}' has no field '{}'.</source>
            <extracomment>message</extracomment>
            <translation>图层“{}”没有字段“{}”。</translation>
        </message>
        <message>
            <location filename="../algorithms/layers.py" line="179" />
            <source>{}: {} features without geometry were skipped.</source>
            <extracomment>message</extracomment>
            <translation>{}：已跳过 {} 个无几何的要素。</translation>
        </message>
        <message>
            <location filename="../algorithms/layers.py" line="214" />
            <source>Could not copy layer '{}': {}</source>
            <extracomment>message</extracomment>
            <translation>无法复制图层“{}”：{}</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="140" />
            <source>Training ore tiles</source>
            <extracomment>message</extracomment>
            <translation>训练集含矿图块</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="140" />
            <source>Training no-ore tiles</source>
            <extracomment>message</extracomment>
            <translation>训练集不含矿图块</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="140" />
            <source>Test ore tiles</source>
            <extracomment>message</extracomment>
            <translation>测试集含矿图块</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="140" />
            <source>Test no-ore tiles</source>
            <extracomment>message</extracomment>
            <translation>测试集不含矿图块</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="141" />
            <source>Training ore tiles after augmentation</source>
            <extracomment>message</extracomment>
            <translation>扩增后的训练集含矿图块</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="141" />
            <source>Training no-ore tiles after augmentation</source>
            <extracomment>message</extracomment>
            <translation>扩增后的训练集不含矿图块</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="157" />
            <source>Tiles on the ground: {}.</source>
            <extracomment>message</extracomment>
            <translation>图块的实地大小：{}。</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="199" />
            <source>Validation: {} ore / {} no ore (never augmented).</source>
            <extracomment>message</extracomment>
            <translation>验证集：{} 个含矿 / {} 个不含矿（从不扩增）。</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="201" />
            <source>Before augmentation: train {} ore / {} no ore, test {} ore / {} no ore.</source>
            <extracomment>message</extracomment>
            <translation>扩增前：训练集 {} 个含矿 / {} 个不含矿，测试集 {} 个含矿 / {} 个不含矿。</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="203" />
            <source>After augmentation: train {} ore / {} no ore, test {} ore / {} no ore.</source>
            <extracomment>message</extracomment>
            <translation>扩增后：训练集 {} 个含矿 / {} 个不含矿，测试集 {} 个含矿 / {} 个不含矿。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="44" />
            <source>Prediction: {} % of the map done</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="60" />
            <source>computed by GDAL/PROJ with its default transformation to WGS 84 (EPSG:4326).</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="62" />
            <source>computed with '{}' ({}), from the stack's CRS to WGS 84.</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="63" />
            <source>exact conversion</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="63" />
            <source>stated accuracy {:g} m</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="65" />
            <source>The more accurate '{}' needs the grid {}, not installed (this is what QGIS's warning 'Cannot use preferred transform' refers to); the difference is a few metres, far less than a target cell.</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="178" />
            <source>strips of the map (each read from the stack file with its halo)</source>
            <extracomment>message</extracomment>
            <translation>地图的各条带（每条连同所需的边缘行从证据栈文件读取）</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="257" />
            <source>No model file was given and the bundled model {} is not installed with this copy of the plugin. Train a model with mfaf:trainmodel and choose its .pt file as 'Model file'.</source>
            <extracomment>message</extracomment>
            <translation>未指定模型文件，且本插件副本未安装内置模型 {}。请用 mfaf:trainmodel 训练模型，并将其 .pt 文件选为“模型文件”。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="268" />
            <source>The evidence stack '{}' must be a raster file (GeoTIFF from mfaf:stacklayers).</source>
            <extracomment>message</extracomment>
            <translation>证据图层栈“{}”必须是栅格文件（由 mfaf:stacklayers 生成的 GeoTIFF）。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="279" />
            <source>The tile dataset '{}' does not exist.</source>
            <extracomment>message</extracomment>
            <translation>图块数据集“{}”不存在。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="295" />
            <source>The ore probability output must be a GeoTIFF (.tif) file.</source>
            <extracomment>message</extracomment>
            <translation>成矿概率输出必须是 GeoTIFF（.tif）文件。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="309" />
            <source>Predicting with model {}</source>
            <extracomment>message</extracomment>
            <translation>正在使用模型 {} 进行预测</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="317" />
            <source>Longitude and latitude: {}</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="318" />
            <source>{} windows predicted on {} in {:.1f} s; {} of {} cells are targets.</source>
            <extracomment>message</extracomment>
            <translation>在 {1} 上预测了 {0} 个窗口，用时 {2:.1f} 秒；{4} 个单元中有 {3} 个为靶区。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="394" />
            <source>{} of {} known deposits in scored cells lie in target cells ({:.1%}).</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="397" />
            <source>{} known deposits inside the stack lie in no scored cell and are not counted in that share.</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="399" />
            <source>{} of the {} drill targets hold no known deposit (greenfield).</source>
            <extracomment>message</extracomment>
            <translation>共 {1} 个钻探靶区，其中 {0} 个不含已知矿床（绿地）。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="402" />
            <source>{} known deposits lie outside the evidence stack and were not counted.</source>
            <extracomment>message</extracomment>
            <translation>{} 个已知矿床位于证据图层栈范围之外，未计入统计。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="412" />
            <source>Held-out test tiles ({}): accuracy {:.3f}, AUC {}, recall {:.3f}, F1 {:.3f}</source>
            <extracomment>message</extracomment>
            <translation>留出测试图块（{}）：准确率 {:.3f}，AUC {}，召回率 {:.3f}，F1 {:.3f}</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="428" />
            <source>Success-rate AUC of the map: {:.3f}</source>
            <extracomment>message</extracomment>
            <translation>预测图的成功率曲线 AUC：{:.3f}</translation>
        </message>
        <message>
            <location filename="../algorithms/run_guard.py" line="128" />
            <source>The output '{}' names the folder '{}'; give a file name.</source>
            <extracomment>message</extracomment>
            <translation>输出“{}”指向的是文件夹“{}”；请给出文件名。</translation>
        </message>
        <message>
            <location filename="../algorithms/run_guard.py" line="132" />
            <source>{}, read through {}</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/run_guard.py" line="133" />
            <source>The output '{}' is the input '{}' ({}): writing it would destroy that input. Choose another file name for the output.</source>
            <extracomment>message</extracomment>
            <translation>输出“{}”就是输入“{}”（{}）：写入它会毁掉该输入。请为输出另选文件名。</translation>
        </message>
        <message>
            <location filename="../algorithms/run_guard.py" line="138" />
            <source>The outputs '{}' and '{}' name the same file {}: give each its own file.</source>
            <extracomment>message</extracomment>
            <translation>输出“{}”和“{}”指向同一个文件 {}：请为每个输出指定各自的文件。</translation>
        </message>
        <message>
            <location filename="../algorithms/run_guard.py" line="155" />
            <source>Removed {} temporary files left by an interrupted run.</source>
            <extracomment>message</extracomment>
            <translation>已删除上次中断运行遗留的 {} 个临时文件。</translation>
        </message>
        <message>
            <location filename="../algorithms/run_guard.py" line="164" />
            <source>Removed what interrupted runs (process {}) left beside the outputs: {} temporary files and {} lock files.</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/run_guard.py" line="233" />
            <source>'{}' must be one of {} (or its number, 0 to {}); got '{}'.</source>
            <extracomment>message</extracomment>
            <translation>“{}”必须是 {} 之一（或其编号 0 到 {}）；收到的是“{}”。</translation>
        </message>
        <message>
            <location filename="../algorithms/run_guard.py" line="257" />
            <source>from {} to {}</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/run_guard.py" line="258" />
            <source>at least {}</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/run_guard.py" line="258" />
            <source>at most {}</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/run_guard.py" line="271" />
            <source>'{}' must be a finite number; got {}.</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/run_guard.py" line="273" />
            <source>'{}' must be {}; got {:g}.</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/scheduler_param.py" line="18" />
            <source>Where {} run as Dask tasks. Empty: here, one after another. local:N: N worker processes with one thread each on this computer (at most one per core). An address such as tcp://10.0.0.5:8786: a running Dask cluster whose workers have this plugin and its Python packages (see the section Scaling out of the README). Each unit computes what the serial run computes; only rounding can differ where the serial run uses several torch threads (the workers use one each). Needs the Python packages dask and distributed: Processing Toolbox &gt; MFAF prospectivity &gt; 0 Setup &gt; Install Python dependencies installs them.</source>
            <extracomment>message</extracomment>
            <translation>{}作为 Dask 任务在何处运行。留空：在本机依次运行。local:N：在本机启动 N 个各用一个线程的工作进程（每个 CPU 核心至多一个）。地址（如 tcp://10.0.0.5:8786）：一个正在运行的 Dask 集群，其工作进程须装有本插件及其 Python 包（见 README 的 Scaling out 一节）。每个单元的计算与依次运行时相同；仅当依次运行使用多个 torch 线程时（工作进程各用一个），舍入误差可能不同。需要 Python 包 dask 和 distributed：“处理工具箱 &gt; MFAF 成矿远景 &gt; 0 安装设置 &gt; 安装 Python 依赖包”会安装它们。</translation>
        </message>
        <message>
            <location filename="../algorithms/scheduler_param.py" line="40" />
            <source>The Dask scheduler '{}' was given but dask is not installed. {}</source>
            <extracomment>message</extracomment>
            <translation>指定了 Dask 调度器“{}”，但未安装 dask。{}</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="74" />
            <source>The layer '{}' could not be read.</source>
            <extracomment>message</extracomment>
            <translation>无法读取图层“{}”。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="76" />
            <source>The layer '{}' has no features.</source>
            <extracomment>message</extracomment>
            <translation>图层“{}”没有要素。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="87" />
            <source>The layer '{}' has no numeric field (nor text field holding numbers) to use as an element: choose the element fields.</source>
            <extracomment>message</extracomment>
            <translation>图层“{}”没有可用作元素的数值字段（也没有存放数值的文本字段）：请选择元素字段。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="91" />
            <source>Fields not used as elements: {}</source>
            <extracomment>message</extracomment>
            <translation>未用作元素的字段：{}</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="94" />
            <source>The layer '{}' has no point geometries.</source>
            <extracomment>message</extracomment>
            <translation>图层“{}”没有点几何。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="102" />
            <source>{} (by their names)</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="103" />
            <source>{} (whole numbers rising in sample order)</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="105" />
            <source>Identifier and coordinate columns left out: {}.</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="115" />
            <source>No geochemical samples given: this step is skipped; the evidence stack is built from the other layers.</source>
            <extracomment>message</extracomment>
            <translation>未提供地球化学样品：跳过此步骤；证据图层栈将由其他图层构建。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="126" />
            <source>'{}' is a '{}'-separated table: a comma in a number is read as a {} separator where the field itself does not tell.</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="129" />
            <source>Cleaning of '{}' (rules: {}):</source>
            <extracomment>message</extracomment>
            <translation>“{}”的数据清洗（规则：{}）：</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="134" />
            <source>Field '{}' of '{}' holds {} values of magnitude 1e15 or more, far beyond any concentration: probably a nodata code. Blank them (or declare the code) and run again.</source>
            <extracomment>message</extracomment>
            <translation>图层“{1}”的字段“{0}”含有 {2} 个量级达到 1e15 或以上的值，远超任何含量：可能是无数据代码。请将其置空（或声明该代码）后重新运行。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="242" />
            <source>The sample layer '{}'</source>
            <extracomment>message</extracomment>
            <translation>样品图层“{}”</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="245" />
            <source>The deposit layer '{}' has no features.</source>
            <extracomment>message</extracomment>
            <translation>矿床图层“{}”没有要素。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="259" />
            <source>Samples '{}', deposits '{}': {}</source>
            <extracomment>message</extracomment>
            <translation>样品“{}”，矿床“{}”：{}</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="261" />
            <source>{} positive and {} negative samples of {}</source>
            <extracomment>message</extracomment>
            <translation>{2} 个样品中有 {0} 个正样本和 {1} 个负样本</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="268" />
            <source>Element '{}' has no valid value among the positives or the negatives: not scored.</source>
            <extracomment>message</extracomment>
            <translation>元素“{}”在正样本或负样本中没有有效值：未评分。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="270" />
            <source>Element screening (critical ZAUC {}):</source>
            <extracomment>message</extracomment>
            <translation>元素筛选（临界 ZAUC {}）：</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="294" />
            <source>No element exceeds the critical ZAUC {}.</source>
            <extracomment>message</extracomment>
            <translation>没有元素超过临界 ZAUC {}。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="306" />
            <source>all {} deposits (no held-out areas given)</source>
            <extracomment>message</extracomment>
            <translation>全部 {} 个矿床（未给出留出区域）</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="313" />
            <source>Every deposit lies inside the held-out areas: nothing is left to screen with.</source>
            <extracomment>message</extracomment>
            <translation>所有矿床都位于留出区域内：没有可用于筛选的矿床。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="315" />
            <source>training deposits only: {} of {} ({} inside the held-out areas left out, with {} samples)</source>
            <extracomment>message</extracomment>
            <translation>仅训练矿床：{} 个，共 {} 个（已排除留出区域内的 {} 个矿床及 {} 个样品）</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="317" />
            <location filename="../algorithms/screen_elements.py" line="307" />
            <source>Deposits used for screening: {}.</source>
            <extracomment>message</extracomment>
            <translation>用于筛选的矿床：{}。</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="168" />
            <source>Nothing to stack: give element rasters, a geology layer, a fault layer or extra rasters.</source>
            <extracomment>message</extracomment>
            <translation>没有可叠加的内容：请提供元素栅格、地质图层、断层图层或附加栅格。</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="172" />
            <location filename="../algorithms/stack_layers.py" line="217" />
            <source>Without element rasters the reference grid needs 'Extent of the reference grid' and 'Pixel size (map units)'.</source>
            <extracomment>message</extracomment>
            <translation>没有元素栅格时，参考网格需要“参考网格范围”和“像元大小（地图单位）”。</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="204" />
            <source>The target CRS</source>
            <extracomment>message</extracomment>
            <translation>目标坐标系</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="211" />
            <source>Give a pixel size for the reference grid (no element rasters).</source>
            <extracomment>message</extracomment>
            <translation>请为参考网格指定像元大小（没有元素栅格）。</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="227" />
            <source>GDAL's block cache is limited to {:.0f} MiB for this run (a quarter of the memory limit).</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="232" />
            <source>geology</source>
            <extracomment>message</extracomment>
            <translation>地质</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="235" />
            <source>faults</source>
            <extracomment>message</extracomment>
            <translation>断层</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="243" />
            <source>mask</source>
            <extracomment>message</extracomment>
            <translation>掩膜</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="247" />
            <source>Bands: {}</source>
            <extracomment>message</extracomment>
            <translation>波段：{}</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="257" />
            <source>The normalisation reference '{}' does not exist.</source>
            <extracomment>message</extracomment>
            <translation>归一化参照“{}”不存在。</translation>
        </message>
        <message>
            <location filename="../algorithms/styling.py" line="48" />
            <source>The style of {} could not be saved ({}); the data are complete.</source>
            <extracomment>message</extracomment>
            <translation>无法保存 {} 的样式（{}）；数据本身完整。</translation>
        </message>
        <message>
            <location filename="../algorithms/styling.py" line="78" />
            <source>, chance of a deposit {:.1f} %</source>
            <extracomment>message</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/styling.py" line="183" />
            <source>not readable</source>
            <extracomment>message</extracomment>
            <translation>无法读取</translation>
        </message>
        <message>
            <location filename="../algorithms/styling.py" line="190" />
            <source>MFAF prospectivity style</source>
            <extracomment>message</extracomment>
            <translation>MFAF 成矿远景样式</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="116" />
            <source>Passes over the training tiles (paper: 220 with its SGD recipe). The epoch with the best validation AUC after the learning-rate warm-up is kept.</source>
            <extracomment>message</extracomment>
            <translation>遍历训练图块的轮数（论文：220，采用其 SGD 方案）。保留学习率预热之后验证集 AUC 最佳的那一轮。</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="65" />
            <source>Learning rate (empty = recipe's)</source>
            <extracomment>message</extracomment>
            <translation>学习率（留空 = 采用方案的值）</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="66" />
            <source>Peak learning rate of the one-cycle schedule, or the initial SGD learning rate (paper: 0.02).</source>
            <extracomment>message</extracomment>
            <translation>单周期（one-cycle）调度的峰值学习率，或 SGD 的初始学习率（论文：0.02）。</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="67" />
            <source>Momentum (SGD, empty = recipe's)</source>
            <extracomment>message</extracomment>
            <translation>动量（SGD，留空 = 采用方案的值）</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="67" />
            <source>SGD momentum (paper: 0.2).</source>
            <extracomment>message</extracomment>
            <translation>SGD 动量（论文：0.2）。</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="68" />
            <source>Weight decay (empty = recipe's)</source>
            <extracomment>message</extracomment>
            <translation>权重衰减（留空 = 采用方案的值）</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="69" />
            <source>Weight decay (AdamW: decoupled; SGD: L2, paper: 0.0001).</source>
            <extracomment>message</extracomment>
            <translation>权重衰减（AdamW：解耦式；SGD：L2，论文：0.0001）。</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="70" />
            <source>Learning-rate step in epochs (step schedule, empty = recipe's)</source>
            <extracomment>message</extracomment>
            <translation>学习率下降间隔（轮，阶梯式调度，留空 = 采用方案的值）</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="71" />
            <source>Epochs between learning-rate reductions of the paper's step schedule (paper: 30).</source>
            <extracomment>message</extracomment>
            <translation>论文阶梯式调度中两次学习率下降之间的轮数（论文：30）。</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="72" />
            <source>Learning-rate factor (step schedule, empty = recipe's)</source>
            <extracomment>message</extracomment>
            <translation>学习率因子（阶梯式调度，留空 = 采用方案的值）</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="73" />
            <source>The learning rate is multiplied by this every step (paper: 0.6).</source>
            <extracomment>message</extracomment>
            <translation>每次下降时学习率乘以此值（论文：0.6）。</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="116" />
            <source>Dilation rates must be whole numbers separated by commas, e.g. 1,6,12,18,24; got '{}'.</source>
            <extracomment>message</extracomment>
            <translation>膨胀率必须是以逗号分隔的整数，例如 1,6,12,18,24；实际得到“{}”。</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="119" />
            <source>Give at least one dilation rate, e.g. 1,6,12,18,24.</source>
            <extracomment>message</extracomment>
            <translation>请至少给出一个膨胀率，例如 1,6,12,18,24。</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="122" />
            <source>Dilation rates must be whole numbers from {} to {}, at most {} of them, e.g. 1,6,12,18,24; got '{}'.</source>
            <extracomment>message</extracomment>
            <translation>膨胀率必须是 {} 到 {} 之间的整数，最多 {} 个，例如 1,6,12,18,24；收到的是“{}”。</translation>
        </message>
        <message>
            <location filename="../algorithms/zone_outputs.py" line="93" />
            <source>Why here could not be computed: {}</source>
            <extracomment>message</extracomment>
            <translation>无法计算“为什么在这里”：{}</translation>
        </message>
        <message>
            <location filename="../algorithms/zone_outputs.py" line="119" />
            <source>{} target zones ({}), {} of them greenfield.</source>
            <extracomment>message</extracomment>
            <translation>{} 个靶区（{}），其中 {} 个为绿地靶区。</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="23" />
            <source>Reports whether QGIS can import the Python packages the plugin needs (torch, torchvision, scikit-learn, imbalanced-learn, scipy, matplotlib), their versions, where they come from, and whether a CUDA GPU is available to torch. When something is missing it names exactly what and the one action that fixes it: run 'Install Python dependencies' (same group), then restart QGIS. With 'Fail when something is missing' set, the algorithm fails instead of only reporting.</source>
            <extracomment>help</extracomment>
            <translation>报告 QGIS 能否导入插件所需的 Python 包（torch、torchvision、scikit-learn、imbalanced-learn、scipy、matplotlib）、它们的版本和来源，以及 torch 能否使用 CUDA GPU。缺少某个包时，会准确指出缺少什么，以及能解决问题的唯一操作：运行“安装 Python 依赖包”（同一组中），然后重启 QGIS。勾选“缺少组件时报错”后，算法会直接失败而不只是报告。</translation>
        </message>
        <message>
            <location filename="../algorithms/check_environment.py" line="42" />
            <source>Stop with an error, rather than only reporting, when a package is missing.</source>
            <extracomment>help</extracomment>
            <translation>缺少软件包时以错误终止，而不仅是报告。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="40" />
            <source>Trains MFAF, its backbones, three other networks and two classical baselines (random forest and logistic regression on per-tile band statistics) on the training tiles of a tile dataset made by 'Make labelled tiles', with the same split, seeds and settings for every method, and scores them on the untouched held-out tiles only (split 1, real windows; augmented tiles are never scored; each network keeps the epoch with the best AUC on the dataset's validation tiles, or its last epoch without them; nothing is tuned on the test tiles). Writes tables of the kind of the paper's Tables 3-6 (accuracy, AUC, recall, F1 in %, with bootstrap 95 % intervals over held-out tiles and the spread over seeds), deposit-level figures (share of held-out deposits in the top 10 % and 20 % of held-out tiles ranked by ore probability, success-rate AUC), paired MFAF-minus-baseline differences with intervals, the held-out predictions, and an HTML report with ROC and success-rate curves. Intervals that overlap allow no conclusion. The split method of the dataset (spatial blocks or random) is printed in every table: a random split is optimistic.

Given an evidence stack and known deposits instead of a tile dataset, the same tables are made by spatial k-fold cross-validation ('Cross-validate (spatial folds)'): every configuration and the classical baselines learn from the same folds, the figures are those of the out-of-fold map (cell AUC, deposits in the top 1-20 % of the area, success-rate AUC) with block-bootstrap intervals.</source>
            <extracomment>help</extracomment>
            <translation>在“生成带标签图块”所生成的图块数据集的训练图块上，训练 MFAF、其主干网络、另外三种网络以及两种经典基线方法（基于每个图块波段统计量的随机森林和逻辑回归），所有方法使用相同的划分、随机种子和设置，并且只在未参与训练的留出图块上评分（划分 1，真实窗口；扩增图块从不参与评分；各网络保留在数据集验证图块上 AUC 最佳的一轮（无验证图块时用最后一轮），不在测试图块上调任何参数）。输出与论文表 3–6 类似的表格（准确率、AUC、召回率、F1，以 % 表示，附留出图块上的自助法 95% 置信区间和不同随机种子间的离散程度）、矿床级指标（按成矿概率排序的留出图块中前 10% 和前 20% 所含留出矿床的比例、成功率 AUC）、MFAF 与各基线的配对差值及其区间、留出集预测结果，以及含 ROC 曲线和成功率曲线的 HTML 报告。区间相互重叠时无法得出结论。每张表都注明了数据集的划分方法（空间分块或随机）：随机划分的结果偏乐观。

若给出证据图层栈和已知矿床而非图块数据集，则以空间 k 折交叉验证（“交叉验证（空间折）”）生成同样的表格：所有配置和经典基线在相同的折上学习，指标取自折外图（像元 AUC、面积前 1–20% 内的矿床比例、成功率 AUC），附分块自助法置信区间。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="87" />
            <source>The .npz tile dataset written by 'Make labelled tiles' (split 0 train, 1 test). Leave empty and give an evidence stack and deposits for the cross-validation protocol.</source>
            <extracomment>help</extracomment>
            <translation>由“生成带标签图块”写出的 .npz 图块数据集（划分 0 为训练，1 为测试）。若采用交叉验证方案，请留空并给出证据图层栈和矿床。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="92" />
            <source>mfaf_* are the paper's ResNet18* and ShuffleNetV2*; random_forest and logistic_regression use per-tile band statistics (mean, std, min, max, 90th percentile).</source>
            <extracomment>help</extracomment>
            <translation>mfaf_* 即论文中的 ResNet18* 和 ShuffleNetV2*；random_forest 和 logistic_regression 使用每个图块的波段统计量（均值、标准差、最小值、最大值、第 90 百分位数）。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="97" />
            <source>no_channel_attention / no_spatial_attention (Table 4), beta_sweep over 0, 0.1, 0.4, 0.6, 0.7, 0.8 (Table 5), dilation_sweep over the paper's four rate sets {1,2,4,8,10}, {1,4,8,12,16}, {1,6,12,18,24}, {1,8,16,24,32} (Table 6). Each adds trained models.</source>
            <extracomment>help</extracomment>
            <translation>no_channel_attention / no_spatial_attention（表 4），beta_sweep 取 0、0.1、0.4、0.6、0.7、0.8（表 5），dilation_sweep 取论文的四组膨胀率 {1,2,4,8,10}、{1,4,8,12,16}、{1,6,12,18,24}、{1,8,16,24,32}（表 6）。每一项都会增加需训练的模型。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="103" />
            <source>The MFAF model the ablations modify (default: the bundled model's, mfaf_shufflenetv2).</source>
            <extracomment>help</extracomment>
            <translation>消融实验在其基础上修改的 MFAF 模型（默认：内置模型所用的 mfaf_shufflenetv2）。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="110" />
            <source>Weight of the self-distillation term of the MFAF models (paper's best: 0.4); the beta sweep overrides it.</source>
            <extracomment>help</extracomment>
            <translation>MFAF 模型自蒸馏项的权重（论文最佳值：0.4）；beta 扫描实验会覆盖此值。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="115" />
            <source>Softmax temperature of the self-distillation term.</source>
            <extracomment>help</extracomment>
            <translation>自蒸馏项的 softmax 温度。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="120" />
            <source>Comma-separated dilation rates of the parallel branches, each smaller than the tile size (default 1,2,4,8,10 fits 16-pixel tiles; the paper's best 1,6,12,18,24 needs 25 pixels or more); the dilation sweep overrides them.</source>
            <extracomment>help</extracomment>
            <translation>各并行分支的膨胀率，以逗号分隔，每个都须小于图块大小（默认值 1,2,4,8,10 适合 16 像素的图块；论文最佳值 1,6,12,18,24 需要 25 像素或更大的图块）；膨胀率扫描实验会覆盖这些值。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="126" />
            <source>Comma-separated training seeds; every figure is the mean over seeds, with its standard deviation. Each seed trains every model again.</source>
            <extracomment>help</extracomment>
            <translation>以逗号分隔的训练随机种子；每个数值都是各种子结果的平均值，并附标准差。每个种子都会重新训练所有模型。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="131" />
            <source>Resamples of the held-out tiles for the 95 % intervals (seeded with the first seed).</source>
            <extracomment>help</extracomment>
            <translation>为计算 95% 置信区间对留出图块进行重采样的次数（使用第一个随机种子）。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="137" />
            <source>Tiles with ore probability at or above it count as predicted ore (paper: 0.5). Fixed in advance: never tune it on the test tiles.</source>
            <extracomment>help</extracomment>
            <translation>成矿概率不低于此值的图块视为预测含矿（论文：0.5）。须事先确定：切勿在测试图块上调整。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="142" />
            <location filename="../algorithms/cross_validate.py" line="181" />
            <location filename="../algorithms/predict_prospectivity.py" line="163" />
            <source>auto: a CUDA GPU when torch sees one, else the CPU.</source>
            <extracomment>help</extracomment>
            <translation>auto：torch 检测到 CUDA GPU 时使用 GPU，否则使用 CPU。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="147" />
            <source>Receives table3_methods.csv, table4_attention.csv, table5_beta.csv, table6_dilation.csv (those requested), comparisons.csv and predictions_test.csv.</source>
            <extracomment>help</extracomment>
            <translation>存放 table3_methods.csv、table4_attention.csv、table5_beta.csv、table6_dilation.csv（所选的那些）、comparisons.csv 和 predictions_test.csv。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="151" />
            <source>HTML report: protocol, tables, ROC and success-rate curves on the held-out tiles.</source>
            <extracomment>help</extracomment>
            <translation>HTML 报告：实验方案、表格、留出图块上的 ROC 曲线和成功率曲线。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="162" />
            <source>With known deposits, and no tile dataset: the tables are made by spatial k-fold cross-validation on this stack.</source>
            <extracomment>help</extracomment>
            <translation>配合已知矿床且不给图块数据集时：在此图层栈上以空间 k 折交叉验证生成表格。</translation>
        </message>
        <message>
            <location filename="../algorithms/compare_models.py" line="167" />
            <source>Deposit points, for the cross-validation protocol.</source>
            <extracomment>help</extracomment>
            <translation>矿床点，用于交叉验证方案。</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="40" />
            <source>The honest test of a prospectivity method: does it rank ground it has never seen? The evidence stack is cut into square blocks, the blocks into folds balanced by deposits and area; each fold is held out once while the methods learn from the rest, with no training window reaching a held-out block. Every cell of the map is then predicted by the model that never saw its block: the out-of-fold map.

Networks (MFAF and the plain backbones) learn from windows centred on deposit cells and on background cells away from deposits (fresh ones every epoch), turned and flipped at random, on the whole training area as the classical methods; the model is the mean of its weights over the last third of the epochs (no epoch is chosen). Held-out deposit cells are scored by their own window, the background on a seeded random grid at the prediction stride. Several seeds give an ensemble: its mean is the map, its spread the uncertainty. Classical baselines (logistic regression, random forest, balanced random forest, gradient boosting, on cell values or on window statistics; weights of evidence on cell values) learn from the same cells of the same folds. The combined method averages, per fold, the ranks of the first network and of the classical method that an inner cross-validation on the training blocks finds best (the held-out fold never chooses).

Figures for every method: cell-level ROC AUC of the held-out deposit cells against all other held-out cells, the share of held-out deposits in the top 1, 5, 10 and 20 % of the area, the success-rate AUC; per fold and seed (mean and SD) and on the pooled out-of-fold map with 95 % intervals from resampling blocks, and paired differences against the first network. The 'grid' framing is the paper's: windows of the tile grid labelled ore when any deposit lies inside.

Outputs: the out-of-fold map of the first chosen method (band 1 probability, band 2 spread over seeds), the fold raster, and in the output folder every method's out-of-fold map, the fold blocks as polygons (use them in 'Screen elements' to screen on training deposits only) and the tables (cv_summary.csv, cv_folds.csv, cv_comparisons.csv, cv_history.csv, cv_weights_of_evidence.csv with the weights, contrast and studentised contrast of every layer per fold, cv_combined.csv with the inner choice of the combined method); an HTML report.</source>
            <extracomment>help</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="105" />
            <source>The multi-band evidence stack written by 'Build evidence stack' (projected CRS).</source>
            <extracomment>help</extracomment>
            <translation>由“构建证据图层栈”写出的多波段证据图层栈（投影坐标系）。</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="108" />
            <source>Deposit points; a cell holding one is a deposit cell.</source>
            <extracomment>help</extracomment>
            <translation>矿床点；含有矿床点的像元为矿床像元。</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="115" />
            <source>Networks (mfaf_* = MFAF with that backbone) and classical baselines (&lt;model&gt;_cells: the band values of the cell; &lt;model&gt;_window: mean, SD, min and max of every band over the cell's window; weights_of_evidence_cells: binary weights of evidence per band, the pattern chosen on the training cells by the largest studentised contrast). The first network is the reference of the paired comparisons and of the output map. combined: per fold the mean of the ranks of the first network and of the classical method with the best AUC in an inner cross-validation on the training blocks (needs a classical method; not available as a model file).</source>
            <extracomment>help</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="127" />
            <source>centred: a window centred on every cell (fine maps, many training windows). grid: the paper's grid of windows labelled ore when any deposit lies inside (one value per window).</source>
            <extracomment>help</extracomment>
            <translation>centred：以每个像元为中心取一个窗口（预测图精细，训练窗口多）。grid：论文的窗口网格，窗口内有任一矿床时标为含矿（每个窗口一个值）。</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="140" />
            <source>Comma-separated training seeds: each trains every model again; the map is their mean (an ensemble) and their spread the uncertainty.</source>
            <extracomment>help</extracomment>
            <translation>以逗号分隔的训练随机种子：每个种子都会重新训练所有模型；预测图取各种子结果的平均值（集成），其离散程度即不确定性。</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="163" />
            <source>Comma-separated dilation rates; empty: the largest of the paper's four sets whose widest rate is at most half the window (32 cells: 1,4,8,12,16).</source>
            <extracomment>help</extracomment>
            <translation>以逗号分隔的膨胀率；留空：在论文的四组膨胀率中，取最大膨胀率不超过窗口一半的最大一组（32 像元：1,4,8,12,16）。</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="173" />
            <source>training: standardise every band with the mean and SD of the fold's training area (nothing of the held-out ground enters). stack: keep the stack's own normalisation.</source>
            <extracomment>help</extracomment>
            <translation>training：用该折训练区域的均值和标准差对每个波段进行标准化（留出区域的数据完全不参与）。stack：保留图层栈自身的归一化。</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="189" />
            <source>Band 1: out-of-fold ore probability of the first chosen method (mean over seeds); band 2: its standard deviation over seeds.</source>
            <extracomment>help</extracomment>
            <translation>波段 1：所选第一种方法的折外成矿概率（各随机种子的平均值）；波段 2：其在各随机种子间的标准差。</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="193" />
            <source>Fold (1..k) of every cell; 0 where no fold applies (nodata).</source>
            <extracomment>help</extracomment>
            <translation>每个像元所属的折（1..k）；不属于任何折处为 0（nodata）。</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="196" />
            <source>Receives every method's out-of-fold map, the fold blocks and the tables.</source>
            <extracomment>help</extracomment>
            <translation>存放每种方法的折外预测图、各折分块和表格。</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="200" />
            <source>HTML report: verdict, protocol, figures with intervals, curves, maps, per-fold table.</source>
            <extracomment>help</extracomment>
            <translation>HTML 报告：结论、实验方案、带区间的指标、曲线、地图、逐折表格。</translation>
        </message>
        <message>
            <location filename="../algorithms/cross_validate.py" line="204" />
            <source>Optional: after the cross-validation, the first network is trained the same way on the whole area, once per seed, and saved as one ensemble model for 'Predict prospectivity map' (fine per-cell maps with an uncertainty band). Its file records the cross-validated figures.</source>
            <extracomment>help</extracomment>
            <translation>可选：交叉验证结束后，以同样的方式在整个区域上训练第一个网络，每个随机种子训练一次，并保存为一个集成模型，供“预测成矿远景图”使用（逐像元的精细预测图，附不确定性波段）。模型文件中记录交叉验证所得的指标。</translation>
        </message>
        <message>
            <location filename="../algorithms/explain_location.py" line="28" />
            <source>Why here? For one place (pick it on the map) the model's ore probability, its uncertainty, and the contribution of each evidence layer: positive numbers raise the probability, negative ones lower it. The contributions are integrated gradients (captum) from a baseline window in which every evidence value is the training area's mean; they add up to the probability less the baseline's, up to a small gap that is reported. The network reads a whole window around the place, so a layer's contribution is summed over the window; the window's evidence is drawn as thumbnails.

The probability is the one 'Predict prospectivity map' gives the place's pixel with the same stride.</source>
            <extracomment>help</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/explain_location.py" line="57" />
            <source>The evidence stack the model predicts on (as for 'Predict prospectivity map').</source>
            <extracomment>help</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/explain_location.py" line="60" />
            <source>The place to explain: click it on the map canvas (any CRS; it is taken to the stack's).</source>
            <extracomment>help</extracomment>
            <translation>要解释的位置：在地图画布上点击选取（任意坐标系；会转换到图层栈的坐标系）。</translation>
        </message>
        <message>
            <location filename="../algorithms/explain_location.py" line="63" />
            <source>A model file (.pt). Empty: the model bundled with the plugin.</source>
            <extracomment>help</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/explain_location.py" line="67" />
            <source>The stride of the map whose value is explained (as in 'Predict prospectivity map').</source>
            <extracomment>help</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/explain_location.py" line="75" />
            <source>Steps of the integrated gradients' path integral: more steps, a smaller completeness gap.</source>
            <extracomment>help</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/explain_location.py" line="79" />
            <source>One row per evidence layer: its value at the place and its signed contribution.</source>
            <extracomment>help</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/explain_location.py" line="86" />
            <source>Small maps of every evidence layer over the window the network reads at the place.</source>
            <extracomment>help</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="74" />
            <source>Geochemical sample points with one field per element.</source>
            <extracomment>help</extracomment>
            <translation>地球化学采样点，每个元素一个字段。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="78" />
            <source>Fields to interpolate, one band each. Leave empty to use 'Element names (comma-separated)' instead.</source>
            <extracomment>help</extracomment>
            <translation>要插值的字段，每个字段一个波段。留空则改用“元素名称（逗号分隔）”。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="82" />
            <source>Field names separated by commas, e.g. the 'Selected elements' output of 'Screen elements by AUC (ZAUC)' in a model. Used when 'Element fields' is empty.</source>
            <extracomment>help</extracomment>
            <translation>以逗号分隔的字段名，例如模型中“按 AUC（ZAUC）筛选元素”的“选中的元素”输出。“元素字段”为空时使用。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="86" />
            <source>Area of the output grid. Default: the extent of the sample points.</source>
            <extracomment>help</extracomment>
            <translation>输出网格的范围。默认：采样点的范围。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="90" />
            <source>Side of the square pixels in map units of the output CRS. Ignored when width and height are set.</source>
            <extracomment>help</extracomment>
            <translation>正方形像元的边长，以输出坐标系的地图单位计。设置了宽度和高度时忽略此项。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="96" />
            <source>Number of pixels across (width) or down (height) the extent; when both are &gt; 0 they win over the pixel size (the paper used 1560 x 1560).</source>
            <extracomment>help</extracomment>
            <translation>范围内横向（宽度）或纵向（高度）的像素数；两者都 &gt; 0 时优先于像元大小（论文使用 1560 x 1560）。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="102" />
            <source>Exponent of the inverse distance weights (2 in the paper).</source>
            <extracomment>help</extracomment>
            <translation>反距离权重的指数（论文中为 2）。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="107" />
            <source>Only points within this distance of a pixel centre are used; pixels with none are nodata. 0: no limit.</source>
            <extracomment>help</extracomment>
            <translation>只使用距像元中心此距离以内的点；范围内没有点的像元为 nodata。0：不限。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="113" />
            <source>Use only this many nearest points per pixel (e.g. 12); 0 uses all points in reach.</source>
            <extracomment>help</extracomment>
            <translation>每个像元只使用这么多个最近的点（例如 12）；0 表示使用范围内的全部点。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="117" />
            <source>Interpolate log10 of the cleaned concentrations (values &lt;= 0 handled by the zero rule).</source>
            <extracomment>help</extracomment>
            <translation>对清洗后含量的 log10 值进行插值（&lt;= 0 的值按零值规则处理）。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="121" />
            <source>CRS of the output grid (projected). Default: the CRS of the sample layer.</source>
            <extracomment>help</extracomment>
            <translation>输出网格的坐标系（投影坐标系）。默认：样品图层的坐标系。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="127" />
            <source>Only with the log10 transform: a value &lt;= 0 becomes half the smallest positive value of the element (default), or missing.</source>
            <extracomment>help</extracomment>
            <translation>仅在取 log10 时有效：&lt;= 0 的值替换为该元素最小正值的一半（默认），或视为缺失。</translation>
        </message>
        <message>
            <location filename="../algorithms/idw_rasters.py" line="132" />
            <source>Multi-band float32 GeoTIFF, one band per element.</source>
            <extracomment>help</extracomment>
            <translation>多波段 float32 GeoTIFF，每个元素一个波段。</translation>
        </message>
        <message>
            <location filename="../algorithms/install_dependencies.py" line="36" />
            <source>Installs the Python packages the plugin needs (torch, torchvision, scikit-learn, imbalanced-learn, scipy, matplotlib, at the versions pinned in the plugin's requirements.txt) with QGIS's own Python and pip into a folder of your QGIS profile (python/mfaf_deps), which the plugin puts on Python's path when it loads. Nothing of QGIS's own Python is changed: QGIS's numpy is used as it is (the installation is refused if a package needs another numpy), and packages QGIS already has at a suitable version are not installed again. Needs the internet (PyPI and, for torch, the index chosen), unless 'Local wheel folder (offline)' is given; torch is a large download (CPU build about 200 MB, CUDA builds several GB). Afterwards run 'Check installation'; restart QGIS if it still reports a package as missing.

'torch build': CPU only (works everywhere), as PyPI has it (CUDA on Linux, CPU on Windows and macOS), or the index URL you give, e.g. https://download.pytorch.org/whl/cu128 for CUDA 12.8 (see the install selector on pytorch.org for your GPU driver). To remove everything, delete the folder.</source>
            <extracomment>help</extracomment>
            <translation>使用 QGIS 自带的 Python 和 pip，将插件所需的 Python 包（torch、torchvision、scikit-learn、imbalanced-learn、scipy、matplotlib，版本为插件 requirements.txt 中固定的版本）安装到 QGIS 用户配置中的一个文件夹（python/mfaf_deps），插件加载时会把该文件夹加入 Python 路径。QGIS 自身的 Python 不会有任何改动：QGIS 的 numpy 保持原样使用（若某个包需要其他版本的 numpy，安装会被拒绝），QGIS 已有且版本合适的包不会重复安装。需要联网（PyPI，以及为 torch 选择的索引），除非给出了“本地 wheel 文件夹（离线）”；torch 下载量较大（CPU 版约 200 MB，CUDA 版数 GB）。完成后运行“检查安装”；若仍报告缺少某个包，请重启 QGIS。

“torch 版本类型”：仅 CPU（处处可用）、按 PyPI 提供的版本（Linux 上为 CUDA，Windows 和 macOS 上为 CPU），或您给出的索引 URL，例如 CUDA 12.8 对应 https://download.pytorch.org/whl/cu128（请根据显卡驱动参考 pytorch.org 上的安装选择器）。如需全部删除，删除该文件夹即可。</translation>
        </message>
        <message>
            <location filename="../algorithms/install_dependencies.py" line="64" />
            <source>Which build of torch and torchvision to install. A CUDA build only helps with an NVIDIA GPU and a matching driver.</source>
            <extracomment>help</extracomment>
            <translation>要安装的 torch 和 torchvision 的版本类型。CUDA 版只有在有 NVIDIA GPU 和匹配的驱动时才有用。</translation>
        </message>
        <message>
            <location filename="../algorithms/install_dependencies.py" line="68" />
            <source>Only with 'From the index URL below': the package index holding the torch build, e.g. https://download.pytorch.org/whl/cu128 (CUDA 12.8).</source>
            <extracomment>help</extracomment>
            <translation>仅在选择“来自下方的索引 URL”时使用：存放该 torch 版本的包索引，例如 https://download.pytorch.org/whl/cu128（CUDA 12.8）。</translation>
        </message>
        <message>
            <location filename="../algorithms/install_dependencies.py" line="72" />
            <source>Requirement specifiers separated by spaces or commas, e.g. 'scikit-learn==1.7.2'. Empty: the plugin's pinned requirements.</source>
            <extracomment>help</extracomment>
            <translation>以空格或逗号分隔的依赖说明，例如“scikit-learn==1.7.2”。留空：插件固定的依赖版本。</translation>
        </message>
        <message>
            <location filename="../algorithms/make_tiles.py" line="33" />
            <source>Stage 4: cuts the evidence stack into square windows of 'Tile size (pixels)', stepping by 'Stride (pixels, 0 = tile size)' from the top-left pixel (stride = tile size: adjacent windows, no overlap). The side of a window on the ground is tile size x pixel size: the default 16 px on the example's 1 km grid is 16 px x 1000 m = 16 km (the log states it for your stack). A window is 'ore' when a known deposit lies inside it, else 'no ore'. Windows are numbered row-major from 1 (cell_id); with the stride equal to the tile size these are the prediction's cell numbers (the prediction numbers the non-overlapping grid, so with a smaller stride the same number means another window).

Raster edge: a window that would extend past the right or bottom edge is not used, so a margin narrower than one window there stays out of the data set (deposits in it are reported). A deposit exactly on the east or south edge belongs to the last column or row.
Nodata: windows in which less than 'Minimum valid fraction' of the cells hold data in every band are dropped; in the kept windows nodata cells are filled with 0.

Split: 'spatial blocks' (default) groups windows into blocks of 'Block size (windows)' squared and draws whole blocks for testing (seeded, stratified by whether a block holds ore); training windows that overlap or touch a test window (share an edge or a corner) are excluded, so no test window is next to a training one. 'Stratified random' draws single windows (as the paper); with overlapping windows its test score is optimistic. A share of the remaining training blocks (validation fraction) is set apart the same way to choose the training epoch.
Augmentation, on the training split only: SMOTE (synthetic ore tiles between neighbouring ore tiles, k = min(5, ore tiles - 1)), then 'Noisy copies per training tile' copies of every training tile with Gaussian noise of mean 0 and variance 'Gaussian noise variance (0 = off)'. The test split is never augmented. Counts before and after are logged and returned.

Outputs: the tile data set (.npz) for training, and a polygon layer of all windows with their label, deposit count, split (train, validation, test, excluded, dropped) and valid fraction.</source>
            <extracomment>help</extracomment>
            <translation>第 4 步：将证据图层栈切分为“图块大小（像素）”见方的窗口，从左上角像素开始按“步长（像素，0 = 图块大小）”步进（步长 = 图块大小：窗口相邻、无重叠）。窗口的实地边长 = 图块大小 x 像元大小：默认的 16 像素在示例的 1 km 网格上为 16 px x 1000 m = 16 km（日志会给出您的图层栈的实际值）。窗口内有已知矿床时标为“含矿”，否则为“不含矿”。窗口按行优先从 1 开始编号（cell_id）；当步长等于图块大小时，这些编号就是预测结果中的单元编号（预测对不重叠的网格编号，因此步长更小时相同编号对应的是另一个窗口）。

栅格边缘：超出右边缘或下边缘的窗口不会使用，因此那里不足一个窗口宽的边带不进入数据集（其中的矿床会在日志中报告）。恰好位于东边缘或南边缘上的矿床归入最后一列或最后一行。
Nodata：所有波段均有数据的像元比例低于“最小有效比例”的窗口被舍弃；保留窗口中的 nodata 像元填充为 0。

划分：“空间分块”（默认）将窗口按“分块大小（窗口数）”的平方个窗口组成分块，整块抽取作为测试集（使用随机种子，按分块是否含矿分层）；与测试窗口重叠或相接（共边或共角）的训练窗口被排除，因此没有测试窗口与训练窗口相邻。“分层随机”逐个抽取窗口（同论文）；窗口相互重叠时其测试得分偏乐观。剩余训练分块中的一部分（验证集比例）以同样的方式划出，用于选择训练轮次。
数据扩增，仅用于训练集：先进行 SMOTE（在相邻含矿图块之间合成含矿图块，k = min(5, 含矿图块数 - 1)），再为每个训练图块生成“每个训练图块的加噪副本数”个叠加均值为 0、方差为“高斯噪声方差（0 = 关闭）”的高斯噪声的副本。测试集从不扩增。扩增前后的数量会记录在日志中并作为输出返回。

输出：用于训练的图块数据集（.npz），以及包含所有窗口的面图层，带有标签、矿床数、划分（train、validation、test、excluded、dropped）和有效比例。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="78" />
            <source>Applies a trained model to an evidence stack and says where to drill. Outputs: a GeoTIFF of the network's score on the stack's grid (band 2: its uncertainty, for models made by 'Cross-validate (spatial folds)'), the drill targets (the cells whose score reaches the threshold, or the top share of the map asked for, ranked, with the centre's easting and northing in the stack's CRS and longitude and latitude in WGS 84, the known deposits inside and a greenfield flag for targets with none, and how sure the model is), the same targets as a CSV table, every cell of the map, a PNG map and an HTML report. Outputs left as temporary files vanish when QGIS closes: give file names (e.g. beside the evidence stack) to keep them.

The score ranks ground but is not a probability (the networks learn from deposit-centred windows with a few background windows each): each target is also given as its share of the map ('top 3 %') and, for models made by 'Cross-validate (spatial folds)', with the chance of a deposit calibrated on the cross-validation's out-of-fold scores. A target cell is one window of the model (16 km for the bundled model).

Cells are windows of the model's size numbered row by row from 1 from the top-left corner, as 'Make labelled tiles' numbers them. The stack must have the bands, band order and normalisation the model was trained on; a difference is refused with a message naming it. Models of the paper's grid framing predict whole windows only: a strip along the east and south edges narrower than one window gets no prediction (hatched and explained in the map and report).

With known deposits the report gives the share of them inside the drill targets, the prediction-area plot and the share of the deposits in the most prospective 1, 5, 10 and 20 % of the area, and lists the greenfield targets first. For models made by 'Cross-validate (spatial folds)' it also shows how the network did on unseen ground against the classical baselines.</source>
            <extracomment>help</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="126" />
            <source>The multi-band evidence stack written by 'Build evidence stack', with the same bands and normalisation as the stack the model was trained on.</source>
            <extracomment>help</extracomment>
            <translation>由“构建证据图层栈”写出的多波段证据图层栈，其波段和归一化方式须与训练模型所用的图层栈相同。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="131" />
            <source>A model written by 'Train model' or 'Cross-validate (spatial folds)' (.pt). Shown by default and used when empty: the model bundled with the plugin (resources/model/mfaf_murchison.pt), trained on the Murchison example with windows of 16 x 16 cells (16 km on its 1 km grid).</source>
            <extracomment>help</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="137" />
            <source>Step between windows in pixels. 0 uses the model's tile size (no overlap); a smaller stride makes overlapping windows whose probabilities are averaged per pixel (smoother map, slower). Cells are always the tile-size windows.</source>
            <extracomment>help</extracomment>
            <translation>相邻窗口之间的步长（像素）。0 表示使用模型的图块大小（无重叠）；步长更小时窗口相互重叠，各像元取重叠窗口概率的平均值（预测图更平滑，但更慢）。单元始终为图块大小的窗口。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="146" />
            <source>Cells whose network score (mean over the branches) is at or above this value are targets, unless a share of the map is given below. The score ranks ground but is not a probability: the network learnt from deposit-centred windows with a few background windows each.</source>
            <extracomment>help</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="154" />
            <source>When above 0: the best-scoring cells making up this share of the scored cells are the targets (e.g. 5 = the top 5 % of the map), whatever their score.</source>
            <extracomment>help</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="159" />
            <source>Optional known deposit points (any CRS): counted per cell and used for the share of deposits inside target cells and the success-rate curve of the report.</source>
            <extracomment>help</extracomment>
            <translation>可选的已知矿床点（任意坐标系）：按单元计数，并用于计算落入靶区单元的矿床比例和报告中的成功率曲线。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="170" />
            <source>Windows with a smaller share of cells holding data in every band get no prediction.</source>
            <extracomment>help</extracomment>
            <translation>所有波段均有数据的像元比例低于此值的窗口不进行预测。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="175" />
            <source>Windows sent through the network at once; lower it if the GPU runs out of memory.</source>
            <extracomment>help</extracomment>
            <translation>一次送入网络的窗口数；若 GPU 显存不足，请调低此值。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="181" />
            <source>Float32 GeoTIFF of the network score (0-1, ranks ground; not a probability) on the stack's grid, nodata outside the data; its legend gives the share of the map (top 1, 5, 10, 20 %) and, for calibrated models, the calibrated chance. Outputs left as temporary files vanish when QGIS closes: choose a file beside the evidence stack to keep them.</source>
            <extracomment>help</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="188" />
            <source>Only the target cells, by rank: score, top share of the map (top_pct, %), calibrated chance (when the model records a calibration), centre easting and northing in the stack's CRS (named in the crs field), longitude and latitude (WGS 84), known deposits inside, greenfield (1: no known deposit), branch agreement and spread (uncertainty).</source>
            <extracomment>help</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="195" />
            <source>The drill targets as a table (one row per target, the same fields), e.g. for a GPS or a spreadsheet.</source>
            <extracomment>help</extracomment>
            <translation>以表格形式给出的钻探靶区（每个靶区一行，字段相同），可用于 GPS 或电子表格。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="200" />
            <source>Every cell of the map (one polygon per window of the model's size) with cell_id, probability (network score), votes, class, agreement, rank, deposits, target, top_pct (share of the map scoring as high, %) and chance (calibrated, when the model records a calibration).</source>
            <extracomment>help</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="206" />
            <source>Optional self-contained HTML report: what was run, the drill targets, the probability and uncertainty maps, the figures in plain words, the prediction-area plot, the cross-validation against the baselines, the evidence layers and the model.</source>
            <extracomment>help</extracomment>
            <translation>可选的独立 HTML 报告：运行内容、钻探靶区、概率图与不确定性图、以通俗语言解释的各项指标、预测-面积图、与基线方法的交叉验证对比、证据图层和模型说明。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="212" />
            <source>Optional .npz from 'Make labelled tiles' built from this stack: the report then shows the ROC curve and accuracy, AUC, recall and F1 on its untouched test tiles.</source>
            <extracomment>help</extracomment>
            <translation>可选：由“生成带标签图块”基于此图层栈生成的 .npz：报告将给出其未参与训练的测试图块上的 ROC 曲线以及准确率、AUC、召回率和 F1。</translation>
        </message>
        <message>
            <location filename="../algorithms/predict_prospectivity.py" line="218" />
            <source>Optional PNG: the probability map with the drill targets labelled by rank and the known deposits, and its uncertainty map beside it.</source>
            <extracomment>help</extracomment>
            <translation>可选 PNG：标注钻探靶区排名和已知矿床的概率图，旁边是其不确定性图。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="47" />
            <source>How a below-detection value '&lt;L' (and a negative below-detection code) is replaced: half the detection limit L/2 (default), L, 0, or dropped as missing.</source>
            <extracomment>help</extracomment>
            <translation>低于检出限的值“&lt;L”（以及用负数表示的低于检出限代码）的替换方式：检出限的一半 L/2（默认）、L、0，或作为缺失值舍弃。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="53" />
            <source>Some surveys (e.g. the USGS National Geochemical Survey) store '&lt; L' as the negative number -L. Read negative values as below detection |v| (default) or as missing.</source>
            <extracomment>help</extracomment>
            <translation>有些调查（例如 USGS 国家地球化学调查）把“&lt; L”存为负数 -L。将负值读作低于检出限 |v|（默认），或视为缺失值。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="175" />
            <source>Geochemical sample points with one field per element (projected CRS).</source>
            <extracomment>help</extracomment>
            <translation>地球化学采样点，每个元素一个字段（投影坐标系）。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="179" />
            <source>Fields to screen. Empty: every numeric field, and every text field whose values are numbers or '&lt;L' strings, except identifiers and coordinates (fid, id, x, y, lon, lat, ...).</source>
            <extracomment>help</extracomment>
            <translation>要筛选的字段。留空：所有数值字段，以及值为数字或“&lt;L”字符串的所有文本字段，标识符和坐标字段（fid、id、x、y、lon、lat 等）除外。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="183" />
            <source>Known deposit or occurrence points (any CRS; transformed to the samples' CRS).</source>
            <extracomment>help</extracomment>
            <translation>已知矿床或矿点（任意坐标系；将转换到样品的坐标系）。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="188" />
            <source>How samples are labelled positive: every sample within the radius of a deposit, or the K nearest samples of each deposit.</source>
            <extracomment>help</extracomment>
            <translation>样品标为正样本的方式：矿床半径范围内的所有样品，或每个矿床最近的 K 个样品。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="194" />
            <source>A sample within this distance (map units of the samples' CRS) of a deposit is positive.</source>
            <extracomment>help</extracomment>
            <translation>距矿床在此距离以内（以样品坐标系的地图单位计）的样品为正样本。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="198" />
            <source>With the nearest-samples rule: how many samples nearest each deposit are positive.</source>
            <extracomment>help</extracomment>
            <translation>采用最近样品规则时：每个矿床最近的多少个样品为正样本。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="204" />
            <source>Negatives are all non-positive samples, or as many of them as there are positives, drawn at random with the seed.</source>
            <extracomment>help</extracomment>
            <translation>负样本为全部非正样本，或按随机种子从中随机抽取与正样本数量相同的样品。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="210" />
            <source>Elements with ZAUC above this are selected (2.58: significance 0.01; 1.96: 0.05).</source>
            <extracomment>help</extracomment>
            <translation>ZAUC 高于此值的元素被选中（2.58：显著性水平 0.01；1.96：0.05）。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="215" />
            <source>Seed of the balanced random draw of negatives (same seed, same draw).</source>
            <extracomment>help</extracomment>
            <translation>负样本均衡随机抽取的随机种子（种子相同，抽取结果相同）。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="221" />
            <source>Optional polygons of held-out ground, e.g. the fold blocks written by 'Cross-validate (spatial folds)' (filter one fold) or the test cells of 'Make labelled tiles'. Samples and deposits inside them are left out, so the elements are chosen without looking at the ground the evaluation holds out. The log and the table say which deposits were used.</source>
            <extracomment>help</extracomment>
            <translation>可选的留出区域面，例如“交叉验证（空间折）”写出的各折分块（筛选出其中一折）或“生成带标签图块”的测试单元。位于其中的样品和矿床将被排除，从而在选择元素时不会看到评估所留出的区域。日志和表格会说明使用了哪些矿床。</translation>
        </message>
        <message>
            <location filename="../algorithms/screen_elements.py" line="227" />
            <source>One row per element: AUC, ZAUC, sample counts, direction, selected, cleaning counts.</source>
            <extracomment>help</extracomment>
            <translation>每个元素一行：AUC、ZAUC、样品数、方向、是否选中、清洗计数。</translation>
        </message>
        <message>
            <location filename="../algorithms/stack_layers.py" line="34" />
            <source>Stage 3: puts element rasters (e.g. the multi-band output of 'IDW element rasters'; band descriptions become band names), a geology polygon layer, a fault line layer and extra rasters on one grid and writes one multi-band float32 GeoTIFF with named bands, nodata -9999 and the normalisation recorded in the file (prediction scales new data exactly the same way).

Reference grid: the element raster's grid, unless an extent and a pixel size are given (then the grid starts at the extent's top-left corner and covers it). Without element rasters the extent and pixel size are required. Layers in other CRSs are transformed; the target CRS must be projected (metres).

Geology: without a class field the band is 1 inside the polygons and 0 outside. With a field, either one coded band (code 1, 2, ... for the classes in sorted order, 0 outside every polygon; the classes are recorded in the metadata) or one 0/1 band per class. Optionally a band of the distance to the nearest polygon boundary (contact).
Faults: distance to the nearest fault in metres (only faults inside the grid count), rasterised lines (1 on cells a fault touches), or fault density (km of fault per km2 within the radius).
Extra rasters are resampled with bilinear interpolation (continuous) or nearest neighbour (categorical; by default integer rasters are categorical).

Nodata: a cell is nodata in every band where any layer lacks data or outside the mask polygons.
Normalisation (normalised = (raw - a) / b): min-max or z-score over the valid cells for continuous bands; categorical bands are divided by their largest code (0/1 bands stay 0/1). Optionally the element bands are first turned into log10 or centred log-ratios (skewed concentrations), recorded in the file too.</source>
            <extracomment>help</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="36" />
            <source>Trains a network on the training tiles of a tile dataset made by 'Make labelled tiles'. After every epoch it is scored on the validation tiles (blocks set apart from the training side) and on the untouched test tiles: loss, accuracy, ROC AUC, recall and F1 of the ore class, written to a per-epoch CSV. The model file keeps the epoch with the best validation AUC after the learning-rate warm-up (never chosen with the test tiles; without validation tiles the last epoch); its test figures are returned. MFAF (ResNet18 or ShuffleNetV2 backbone) runs parallel dilated 3x3 convolutions with channel attention, a shared backbone with spatial attention after its last stage and one shared classifier; each branch votes. Its loss is the cross-entropy summed over branches plus beta times a self-distillation term. The plain networks are the paper's baselines. Training recipe: AdamW with a one-cycle learning rate and balanced classes (default), or the paper's SGD (lr 0.02 x 0.6 every 30 epochs, momentum 0.2, weight decay 1e-4, batch 32, 220 epochs); tiles are turned and flipped at random. The default network is the bundled model's: MFAF on ShuffleNetV2 with dilation rates 1,2,4,8,10, which fit 16-pixel tiles (a rate must be smaller than the tile size; the log warns otherwise). The model file keeps the band names, normalisation, tile size and settings so that 'Predict prospectivity map' uses it correctly. After every epoch a checkpoint '&lt;model file&gt;.ckpt' is written; if you cancel, run again with the same settings and 'Resume from the checkpoint' checked to continue. The same seed on the CPU gives the same model.</source>
            <extracomment>help</extracomment>
            <translation>在“生成带标签图块”所生成的图块数据集的训练图块上训练网络。每轮结束后，分别在验证图块（从训练部分划出的分块）和未参与训练的测试图块上评分：损失、准确率、ROC AUC、含矿类的召回率和 F1，写入每轮一行的 CSV。模型文件保留学习率预热之后验证集 AUC 最佳的那一轮（从不依据测试图块选择；没有验证图块时保留最后一轮）；算法返回该轮在测试图块上的指标。MFAF（ResNet18 或 ShuffleNetV2 主干）包含带通道注意力的并行 3x3 膨胀卷积、在最后一个阶段后接空间注意力的共享主干网络和一个共享分类器；每个分支各自投票。其损失为各分支交叉熵之和，加上 beta 乘以自蒸馏项。普通网络是论文中的基线。训练方案：采用单周期（one-cycle）学习率和类别平衡的 AdamW（默认），或论文的 SGD（学习率 0.02，每 30 轮乘以 0.6，动量 0.2，权重衰减 1e-4，批大小 32，220 轮）；图块经随机旋转和翻转。默认网络与内置模型相同：以 ShuffleNetV2 为主干、膨胀率为 1,2,4,8,10 的 MFAF，适合 16 像素的图块（膨胀率必须小于图块大小，否则日志会给出警告）。模型文件保存波段名、归一化方式、图块大小和各项设置，以便“预测成矿远景图”正确使用。每轮结束后写出检查点“&lt;模型文件&gt;.ckpt”；如果取消了运行，使用相同设置并勾选“从检查点继续”再次运行即可继续。在 CPU 上使用相同的随机种子得到相同的模型。</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="86" />
            <source>The .npz tile dataset written by 'Make labelled tiles' (split 0 train, split 1 test).</source>
            <extracomment>help</extracomment>
            <translation>由“生成带标签图块”写出的 .npz 图块数据集（划分 0 为训练，划分 1 为测试）。</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="91" />
            <source>mfaf_shufflenetv2 (default, the bundled model's) / mfaf_resnet18: MFAF with that backbone (the paper's ShuffleNetV2* and ResNet18*). The others are the plain torchvision networks the paper compares with.</source>
            <extracomment>help</extracomment>
            <translation>mfaf_shufflenetv2（默认，内置模型所用）/ mfaf_resnet18：采用相应主干网络的 MFAF（即论文中的 ShuffleNetV2* 和 ResNet18*）。其余为论文用于比较的普通 torchvision 网络。</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="96" />
            <source>Comma-separated dilation rates, one MFAF branch each. Each rate must be smaller than the tile size to reach a neighbouring pixel: 1,2,4,8,10 (default, the bundled model's) fits 16-pixel tiles; the paper's best 1,6,12,18,24 needs tiles of 25 pixels or more (it used 128). Ignored by the plain networks.</source>
            <extracomment>help</extracomment>
            <translation>以逗号分隔的膨胀率，每个对应一个 MFAF 分支。每个膨胀率都必须小于图块大小才能触及相邻像元：1,2,4,8,10（默认，内置模型所用）适合 16 像素的图块；论文最佳值 1,6,12,18,24 需要 25 像素或更大的图块（论文用 128）。普通网络忽略此项。</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="104" />
            <source>Weight of the self-distillation term of the loss (paper's best 0.4; 0 switches it off).</source>
            <extracomment>help</extracomment>
            <translation>损失函数中自蒸馏项的权重（论文最佳值 0.4；0 表示关闭）。</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="108" />
            <source>Channel attention after each dilated branch; uncheck for the paper's ablation.</source>
            <extracomment>help</extracomment>
            <translation>在每个膨胀卷积分支后使用通道注意力；取消勾选以复现论文的消融实验。</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="112" />
            <source>Spatial attention after the backbone's last stage; uncheck for the paper's ablation.</source>
            <extracomment>help</extracomment>
            <translation>在主干网络最后一个阶段后使用空间注意力；取消勾选以复现论文的消融实验。</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="120" />
            <source>Tiles per training batch (paper: 32), per process when several train together. 0: the largest of 32, 16, 8, 4, 2 that fits the GPU's memory (32 on the CPU).</source>
            <extracomment>help</extracomment>
            <translation>每个训练批次的图块数（论文：32）；多个进程共同训练时为每个进程的图块数。0：在 GPU 显存中放得下的 32、16、8、4、2 中的最大值（CPU 上为 32）。</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="124" />
            <source>auto: a CUDA GPU when torch sees one, else the CPU. cuda fails when there is no GPU.</source>
            <extracomment>help</extracomment>
            <translation>auto：torch 检测到 CUDA GPU 时使用 GPU，否则使用 CPU。选择 cuda 而没有 GPU 时将报错。</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="129" />
            <source>auto: mixed precision on a CUDA GPU (bf16, or fp16 with loss scaling on older GPUs), float32 (fp32) on the CPU. bf16 / fp16 on the CPU work but are slow.</source>
            <extracomment>help</extracomment>
            <translation>auto：在 CUDA GPU 上使用混合精度（bf16；较旧的 GPU 上使用带损失缩放的 fp16），在 CPU 上使用 float32（fp32）。bf16 / fp16 在 CPU 上也可运行，但速度较慢。</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="135" />
            <source>1: train inside QGIS. More: that many processes on this machine train together with torch.distributed (torchrun), one GPU each on a CUDA device, else sharing the CPU cores; each takes its share of every batch (batch size per process), so N processes with batch b train like one process with batch N x b. For several machines see the section Scaling out of the README.</source>
            <extracomment>help</extracomment>
            <translation>1：在 QGIS 内训练。大于 1：本机上相应数量的进程通过 torch.distributed（torchrun）共同训练，使用 CUDA 设备时每个进程一块 GPU，否则共享 CPU 核心；每个进程承担每个批次中的一份（批次大小按进程计），因此 N 个批次为 b 的进程与一个批次为 N x b 的进程训练效果相同。多台机器的用法见 README 的 Scaling out 一节。</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="143" />
            <source>Seed of the weight initialisation, shuffling and dropout; the same seed on the CPU gives the same model.</source>
            <extracomment>help</extracomment>
            <translation>权重初始化、数据打乱和 dropout 的随机种子；在 CPU 上使用相同的种子得到相同的模型。</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="148" />
            <source>Continue a canceled or interrupted run from '&lt;model file&gt;.ckpt' (same dataset and settings); without a checkpoint training starts from the beginning.</source>
            <extracomment>help</extracomment>
            <translation>从“&lt;模型文件&gt;.ckpt”继续已取消或中断的训练（须使用相同的数据集和设置）；没有检查点时从头开始训练。</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="153" />
            <source>The trained network with its metadata (bands, normalisation, tile size, settings, metrics), the input of 'Predict prospectivity map'. Default: mfaf_model.pt in the saved project's folder, else in the folder MFAF of your home folder. Keep a real file (not a temporary one): a long run is kept and 'Resume from the checkpoint' finds it.</source>
            <extracomment>help</extracomment>
            <translation>训练好的网络及其元数据（波段、归一化方式、图块大小、设置、指标），作为“预测成矿远景图”的输入。默认：已保存工程所在文件夹中的 mfaf_model.pt，否则为主目录下 MFAF 文件夹中的该文件。请保存为实际文件（而非临时文件）：长时间的训练结果得以保留，“从检查点继续”也能找到它。</translation>
        </message>
        <message>
            <location filename="../algorithms/train_model.py" line="160" />
            <source>CSV with one row per epoch: learning rate, training loss, test loss, accuracy, AUC, recall, F1, precision, seconds.</source>
            <extracomment>help</extracomment>
            <translation>每轮一行的 CSV：学习率、训练损失、测试损失、准确率、AUC、召回率、F1、精确率、用时（秒）。</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="37" />
            <source>full: the named backbone (ShuffleNetV2 about 1.3 million weights, ResNet18 11 million). small: the same dilated branches, channel and spatial attention and self-distillation on a small backbone of three convolutions (about 50 thousand weights), for few deposits. auto: small when the training data hold fewer than 100 deposit cells (ore tiles), else full; a rule fixed in advance, applied to each fold's own training area.</source>
            <extracomment>help</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="55" />
            <source>adamw_onecycle: AdamW (weight decay 0.05) with a one-cycle learning rate peaking at 0.002 and classes weighted to balance (the default, chosen by the cross-validation results). paper_sgd: the paper's SGD (lr 0.02 x 0.6 every 30 epochs, momentum 0.2, weight decay 0.0001, unweighted). The values below override the recipe's when filled in.</source>
            <extracomment>help</extracomment>
            <translation>adamw_onecycle：AdamW（权重衰减 0.05），采用峰值为 0.002 的单周期（one-cycle）学习率，并对类别加权以达到平衡（默认，依据交叉验证结果选定）。paper_sgd：论文的 SGD（学习率 0.02，每 30 轮乘以 0.6，动量 0.2，权重衰减 0.0001，不加权）。下方各项填写后将覆盖方案中的相应值。</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="61" />
            <source>Tiles per training batch (paper: 32). Lower it when memory runs out.</source>
            <extracomment>help</extracomment>
            <translation>每个训练批次的图块数（论文：32）。内存不足时请调低。</translation>
        </message>
        <message>
            <location filename="../algorithms/training_params.py" line="82" />
            <source>Turn every training tile by a random multiple of 90 degrees and flip it at random, afresh in every epoch (evidence maps have no preferred orientation).</source>
            <extracomment>help</extracomment>
            <translation>每轮都重新将每个训练图块随机旋转 90 度的整数倍并随机翻转（证据图没有特定的方向）。</translation>
        </message>
        <message>
            <location filename="../algorithms/zone_outputs.py" line="45" />
            <source>Target zones are connected groups of the map's pixels (its own resolution, not the model's windows): either the pixels in the most prospective share of the predicted area (next parameter) or those whose network score reaches the target threshold.</source>
            <extracomment>help</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/zone_outputs.py" line="51" />
            <source>With the first zone rule: the most prospective this many percent of the predicted area.</source>
            <extracomment>help</extracomment>
            <translation>使用第一种靶区规则时：预测区域中最有远景的这一百分比的面积。</translation>
        </message>
        <message>
            <location filename="../algorithms/zone_outputs.py" line="55" />
            <source>One polygon per zone on the stack's grid, ranked by peak probability: area (km2), peak probability and the peak pixel's easting, northing, longitude and latitude, mean probability and uncertainty, known deposits inside, greenfield, distance from the peak to the nearest known deposit (km), and for the first zones why there: the evidence that raises and lowers the probability at the peak, with signed contributions.</source>
            <extracomment>help</extracomment>
            <translation type="unfinished" />
        </message>
        <message>
            <location filename="../algorithms/zone_outputs.py" line="63" />
            <source>The target zones as a table (one row per zone, the same fields).</source>
            <extracomment>help</extracomment>
            <translation>以表格形式给出的靶区（每个靶区一行，字段相同）。</translation>
        </message>
    </context>
</TS>
